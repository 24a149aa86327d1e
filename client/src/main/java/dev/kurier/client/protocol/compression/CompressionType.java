package dev.kurier.client.protocol.compression;

/**
 * The record batch compression codecs, by the id stored in bits 0-2 of a batch's attributes and by the
 * name used in {@code compression.type}.
 */
public enum CompressionType {
    NONE(0, "none"),
    GZIP(1, "gzip"),
    SNAPPY(2, "snappy"),
    LZ4(3, "lz4"),
    ZSTD(4, "zstd");

    /** The id in a record batch's attributes. */
    public final int id;
    /** The name in {@code compression.type}. */
    public final String configName;

    CompressionType(int id, String configName) {
        this.id = id;
        this.configName = configName;
    }

    /** The type with this attribute id. */
    public static CompressionType forId(int id) {
        for (CompressionType t : values()) {
            if (t.id == id) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown compression codec id " + id);
    }

    /** The type with this config name (case-insensitive). */
    public static CompressionType forName(String name) {
        for (CompressionType t : values()) {
            if (t.configName.equalsIgnoreCase(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown compression.type '" + name + "'; allowed: none, gzip, snappy, lz4, zstd");
    }
}
