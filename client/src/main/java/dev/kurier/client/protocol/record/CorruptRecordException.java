package dev.kurier.client.protocol.record;

import dev.kurier.client.protocol.ProtocolException;

/** A record batch whose stored CRC-32C does not match its bytes. */
public class CorruptRecordException extends ProtocolException {

    private static final long serialVersionUID = 1L;

    private final long baseOffset;
    private final long expectedCrc;
    private final long actualCrc;

    /** A CRC mismatch in the batch at {@code baseOffset}: {@code expectedCrc} stored, {@code actualCrc} computed. */
    public CorruptRecordException(long baseOffset, long expectedCrc, long actualCrc) {
        super(String.format("record batch at base offset %d is corrupt: stored CRC 0x%08x, computed 0x%08x",
                baseOffset, expectedCrc, actualCrc));
        this.baseOffset = baseOffset;
        this.expectedCrc = expectedCrc;
        this.actualCrc = actualCrc;
    }

    /** The base offset of the corrupt batch. */
    public long baseOffset() {
        return baseOffset;
    }

    /** The CRC stored in the batch header (unsigned 32-bit). */
    public long expectedCrc() {
        return expectedCrc;
    }

    /** The CRC computed over the batch's bytes (unsigned 32-bit). */
    public long actualCrc() {
        return actualCrc;
    }
}
