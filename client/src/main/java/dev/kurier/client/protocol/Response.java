package dev.kurier.client.protocol;

/**
 * A response body. Responses that hold record buffers are {@link AutoCloseable} through
 * {@link #release()}: whoever receives the response releases it once.
 */
public interface Response {

    /** Releases any buffers this response holds; a no-op for responses that hold none. */
    default void release() {
    }
}
