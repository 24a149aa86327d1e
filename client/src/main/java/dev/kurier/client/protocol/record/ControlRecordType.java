package dev.kurier.client.protocol.record;

import io.netty.buffer.ByteBuf;
import dev.kurier.client.protocol.ProtocolException;

/**
 * The type of a control record, from its key (int16 version, int16 type). Transaction markers are the only control
 * records a client acts on; KRaft's own control records read as {@link #UNKNOWN}.
 */
public enum ControlRecordType {
    /** The transaction of the batch's producer id was aborted. */
    ABORT,
    /** The transaction of the batch's producer id was committed. */
    COMMIT,
    /** Any other control record type. */
    UNKNOWN;

    /** The type encoded in a control record key (the key's readable bytes; not consumed). */
    public static ControlRecordType parse(ByteBuf key) {
        if (key == null || key.readableBytes() < 4) {
            throw new ProtocolException("control record key must hold at least 4 bytes, got "
                    + (key == null ? "null" : key.readableBytes()));
        }
        short version = key.getShort(key.readerIndex());
        if (version < 0) {
            throw new ProtocolException("control record key has negative version " + version);
        }
        return switch (key.getShort(key.readerIndex() + 2)) {
            case 0 -> ABORT;
            case 1 -> COMMIT;
            default -> UNKNOWN;
        };
    }
}
