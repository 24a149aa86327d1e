package dev.kurier.client.protocol.compression;

/**
 * A codec was asked for whose optional library is not on the classpath, or is there but could not be
 * initialised (for example, no native build for this platform). The message names the Maven dependency.
 */
public final class CompressionUnavailableException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final CompressionType type;

    /** {@code type} is unusable for the reason in {@code message}; {@code cause} may be null. */
    public CompressionUnavailableException(CompressionType type, String message, Throwable cause) {
        super(message, cause);
        this.type = type;
    }

    /** The codec that cannot be used. */
    public CompressionType type() {
        return type;
    }
}
