package dev.kurier.client.protocol.compression;

import dev.kurier.client.protocol.ProtocolException;

/**
 * Compressed data decompressed past the limit it was given: nothing beyond the limit was allocated. A few KiB of gzip
 * or zstd can claim gigabytes, so the reader decides how much a batch may take, not the batch.
 */
public class DecompressionLimitException extends ProtocolException {

    private static final long serialVersionUID = 1L;

    /** {@code message} names the codec and the limit. */
    public DecompressionLimitException(String message) {
        super(message);
    }

    /** {@code message} adds context (the batch) to {@code cause}. */
    public DecompressionLimitException(String message, Throwable cause) {
        super(message, cause);
    }
}
