package dev.kurier.client.cluster;

import dev.kurier.client.errors.KurierException;

/** No broker of {@code bootstrap.servers} (or of the last known cluster) answered a metadata request. */
public class BootstrapException extends KurierException {

    private static final long serialVersionUID = 1L;

    /** Failure described by {@code message}, listing every address tried and why it failed. */
    public BootstrapException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean isRetriable() {
        return true;
    }
}
