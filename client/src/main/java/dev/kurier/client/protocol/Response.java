package dev.kurier.client.protocol;

/**
 * A response body. Responses that hold record buffers are {@link AutoCloseable} through
 * {@link #release()}: whoever receives the response releases it once.
 */
public interface Response {

    /**
     * How long the broker asks the client to hold back further requests on this connection because a quota was
     * exceeded ({@code throttle_time_ms}, KIP-219); 0 for responses without the field. Generated responses that have
     * it override this with their field's accessor.
     */
    default int throttleTimeMs() {
        return 0;
    }

    /** Releases any buffers this response holds; a no-op for responses that hold none. */
    default void release() {
    }
}
