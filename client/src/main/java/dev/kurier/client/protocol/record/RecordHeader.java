package dev.kurier.client.protocol.record;

import java.util.Arrays;
import java.util.Objects;

/**
 * A header to append with {@link RecordBatchBuilder}.
 *
 * @param key the header key, not null
 * @param value the header value, or null; not copied, so the caller does not change it until it is appended
 */
public record RecordHeader(String key, byte[] value) implements Header {

    /** Rejects a null key. */
    public RecordHeader {
        Objects.requireNonNull(key, "header key");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecordHeader h && key.equals(h.key) && Arrays.equals(value, h.value);
    }

    @Override
    public int hashCode() {
        return 31 * key.hashCode() + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "RecordHeader[key=" + key + ", value=" + (value == null ? "null" : value.length + " bytes") + "]";
    }
}
