package dev.kurier.client.protocol.record;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/**
 * A decoded record header: its key as a string and its value located in the batch buffer, available as a slice
 * ({@link #valueBuffer()}, valid as long as the record's slices are) or as a copy ({@link #value()}).
 */
public final class HeaderView implements Header {

    private final String key;
    private final ByteBuf data;
    private final int valueIndex;
    private final int valueSize;

    HeaderView(String key, ByteBuf data, int valueIndex, int valueSize) {
        this.key = key;
        this.data = data;
        this.valueIndex = valueIndex;
        this.valueSize = valueSize;
    }

    @Override
    public String key() {
        return key;
    }

    /** A copy of the value, or null. */
    @Override
    public byte[] value() {
        return valueSize < 0 ? null : ByteBufUtil.getBytes(data, valueIndex, valueSize);
    }

    /** The value as a slice (not a copy, not retained), or null. */
    public ByteBuf valueBuffer() {
        return valueSize < 0 ? null : data.slice(valueIndex, valueSize);
    }

    /** The value's size in bytes, -1 for null. */
    public int valueSize() {
        return valueSize;
    }

    @Override
    public String toString() {
        return "Header(" + key + ", " + (valueSize < 0 ? "null" : valueSize + "B") + ")";
    }
}
