package dev.kurier.client.protocol;

import io.netty.buffer.ByteBuf;

/** Response header v0 (correlation_id) and v1 (plus tagged fields). */
public final class ResponseHeader {

    private ResponseHeader() {
    }

    /** Reads only the correlation id, leaving the buffer at the header's remaining fields. */
    public static int peekCorrelationId(ByteBuf in) {
        Primitives.checkReadable(in, 4, "response header");
        return in.getInt(in.readerIndex());
    }

    /** Reads a response header of {@code headerVersion} and returns its correlation id. */
    public static int read(ByteBuf in, short headerVersion) {
        Primitives.checkReadable(in, 4, "response header");
        int correlationId = in.readInt();
        if (headerVersion >= 1) {
            Primitives.skipTaggedFields(in);
        }
        return correlationId;
    }

    /** Writes a response header (used by tests that play the broker). */
    public static void write(ByteBuf out, int correlationId, short headerVersion) {
        out.writeInt(correlationId);
        if (headerVersion >= 1) {
            Primitives.writeEmptyTaggedFields(out);
        }
    }
}
