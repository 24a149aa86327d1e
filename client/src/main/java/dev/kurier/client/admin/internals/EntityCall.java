package dev.kurier.client.admin.internals;

import dev.kurier.client.admin.AdminResults;
import dev.kurier.client.admin.AdminTimeoutException;
import dev.kurier.client.errors.KurierException;
import dev.kurier.client.protocol.KafkaErrorException;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one admin operation over many entities: sends an attempt for the entities still pending, completes each
 * entity as its answer comes, and retries the ones whose error may pass (a moved controller or coordinator, a
 * leader election, a lost connection) with backoff until the operation's deadline ({@code default.api.timeout.ms}).
 * An entity's final error fails only that entity's future, naming the entity.
 */
final class EntityCall<K, V> {

    private static final Logger log = LoggerFactory.getLogger(EntityCall.class);

    /** One attempt: answers for the pending entities (missing ones are retried), or a failed future. */
    interface Attempt<K, V> {
        CompletableFuture<Map<K, Outcome<V>>> send(Set<K> pending);
    }

    private final String what;
    private final Attempt<K, V> attempt;
    private final long deadlineNanos;
    private final Duration backoff;
    private final Function<K, String> describe;
    private final Map<K, CompletableFuture<V>> futures = new LinkedHashMap<>();
    private String lastRetry;

    private EntityCall(String what, Collection<K> keys, Attempt<K, V> attempt, Duration timeout, Duration backoff,
                       Function<K, String> describe) {
        this.what = what;
        this.attempt = attempt;
        this.deadlineNanos = System.nanoTime() + timeout.toNanos();
        this.backoff = backoff;
        this.describe = describe;
        for (K key : keys) {
            futures.put(key, new CompletableFuture<>());
        }
    }

    /**
     * Starts the operation.
     *
     * @param what what the operation does, for errors ("creating topic")
     * @param describe how an entity is named in errors
     */
    static <K, V> AdminResults<K, V> run(String what, Collection<K> keys, Attempt<K, V> attempt, Duration timeout,
                                         Duration backoff, Function<K, String> describe) {
        EntityCall<K, V> call = new EntityCall<>(what, keys, attempt, timeout, backoff, describe);
        call.next();
        return new AdminResults<>(call.futures);
    }

    private Set<K> pending() {
        Set<K> pending = new LinkedHashSet<>();
        futures.forEach((k, f) -> {
            if (!f.isDone()) {
                pending.add(k);
            }
        });
        return pending;
    }

    private void next() {
        Set<K> pending = pending();
        if (pending.isEmpty()) {
            return;
        }
        CompletableFuture<Map<K, Outcome<V>>> sent;
        try {
            sent = attempt.send(pending);
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        sent.whenComplete((answers, error) -> {
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                if (retriable(cause)) {
                    retryLater(cause.getMessage());
                } else {
                    for (K key : pending) {
                        futures.get(key).completeExceptionally(cause);
                    }
                }
                return;
            }
            boolean retry = false;
            for (K key : pending) {
                Outcome<V> outcome = answers.get(key);
                if (outcome == null) {
                    lastRetry = "no answer for " + describe.apply(key);
                    retry = true;
                } else if (!outcome.failed()) {
                    futures.get(key).complete(outcome.value());
                } else if (outcome.retriable()) {
                    lastRetry = describe.apply(key) + ": " + outcome.error().name();
                    retry = true;
                } else {
                    futures.get(key).completeExceptionally(new KafkaErrorException(outcome.error(), what + " "
                            + describe.apply(key) + (outcome.message() == null ? "" : ": " + outcome.message())));
                }
            }
            if (retry) {
                retryLater(lastRetry);
            }
        });
    }

    private static boolean retriable(Throwable cause) {
        return cause instanceof KurierException k && k.isRetriable();
    }

    private void retryLater(String reason) {
        lastRetry = reason;
        long left = deadlineNanos - System.nanoTime();
        if (left <= backoff.toNanos()) {
            AdminTimeoutException timeout = new AdminTimeoutException(what + " did not complete within the api timeout; last "
                    + "retriable error: " + reason);
            pending().forEach(k -> futures.get(k).completeExceptionally(timeout));
            return;
        }
        log.debug("{}: retrying after {}", what, reason);
        Executor later = CompletableFuture.delayedExecutor(backoff.toMillis(), TimeUnit.MILLISECONDS);
        later.execute(this::next);
    }
}
