package dev.kurier.cli;

import dev.kurier.client.errors.KurierException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** Waits for the client's futures and rethrows their failure itself (not wrapped in an ExecutionException). */
final class Futures {

    private Futures() {
    }

    /** The future's value; its failure as thrown by the client; an interrupt as a {@link KurierException}. */
    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(false);
            throw new KurierException("interrupted", e);
        } catch (ExecutionException e) {
            throw rethrowable(e.getCause());
        }
    }

    private static RuntimeException rethrowable(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error err) {
            throw err;
        }
        return new KurierException(t.getMessage() == null ? t.toString() : t.getMessage(), t);
    }
}
