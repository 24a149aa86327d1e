package dev.kurier.client.protocol.compression;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Looks up the {@link CompressionCodec} for a {@link CompressionType}, optionally at a compression level.
 *
 * <p>{@code none} and {@code gzip} need nothing beyond the JDK. {@code snappy}, {@code lz4} and {@code zstd}
 * need their library on the classpath (the client declares them optional, as kafka-clients 4.x does):
 * <ul>
 *   <li>snappy: {@code org.xerial.snappy:snappy-java}</li>
 *   <li>lz4: {@code org.lz4:lz4-java}, or its maintained fork {@code at.yawk.lz4:lz4-java} (same packages;
 *       1.10.1+ fixes CVE-2025-12183 and CVE-2025-66566)</li>
 *   <li>zstd: {@code com.github.luben:zstd-jni}</li>
 * </ul>
 * Each library is probed lazily, the first time its codec is asked for, in a holder class of its own, so a
 * missing library costs nothing unless that codec is used. Asking for an unusable codec throws
 * {@link CompressionUnavailableException} naming the dependency; producers should call
 * {@link #isAvailable} (or {@link #forType}) when they are created, not at the first send.
 *
 * <p>Levels (Kafka's {@code compression.gzip.level}, {@code compression.lz4.level},
 * {@code compression.zstd.level}): gzip 1..9 or -1 (zlib's default, 6); lz4 1..17, default 9; zstd
 * -131072..22, default 3. None and snappy have no levels.
 */
public final class CompressionCodecs {

    private static final Map<LevelKey, CompressionCodec> BY_LEVEL = new ConcurrentHashMap<>();

    private CompressionCodecs() {
    }

    /**
     * The codec for {@code type} at its default level.
     *
     * @throws CompressionUnavailableException if the codec's optional library is not on the classpath or
     *     cannot be initialised; the message names the Maven dependency to add
     */
    public static CompressionCodec forType(CompressionType type) {
        return switch (type) {
            case NONE -> NoCompressionCodec.INSTANCE;
            case GZIP -> GzipHolder.DEFAULT;
            case SNAPPY -> SnappyHolder.CODEC.get();
            case LZ4 -> Lz4Holder.CODEC.get();
            case ZSTD -> ZstdHolder.CODEC.get();
        };
    }

    /**
     * The codec for {@code type} at compression level {@code level} (see the class comment for ranges).
     * Codecs are cached per level.
     *
     * @throws IllegalArgumentException if {@code type} has no levels or {@code level} is out of its range
     * @throws CompressionUnavailableException if the codec's optional library is missing
     */
    public static CompressionCodec forType(CompressionType type, int level) {
        int defaultLevel = validateLevel(type, level);
        if (level == defaultLevel) {
            return forType(type);
        }
        return BY_LEVEL.computeIfAbsent(new LevelKey(type, level), key -> switch (type) {
            case GZIP -> new GzipCompressionCodec(level);
            case LZ4 -> Lz4Holder.CODEC.create(level);
            case ZSTD -> ZstdHolder.CODEC.create(level);
            default -> throw new AssertionError(type);
        });
    }

    /**
     * Whether {@link #forType(CompressionType)} would succeed for {@code type}: always for none and gzip,
     * and for the others if their library is on the classpath and works on this platform.
     */
    public static boolean isAvailable(CompressionType type) {
        return switch (type) {
            case NONE, GZIP -> true;
            case SNAPPY -> SnappyHolder.CODEC.available();
            case LZ4 -> Lz4Holder.CODEC.available();
            case ZSTD -> ZstdHolder.CODEC.available();
        };
    }

    /** Checks {@code level} for {@code type} and returns the type's default level. */
    private static int validateLevel(CompressionType type, int level) {
        return switch (type) {
            case NONE, SNAPPY -> throw new IllegalArgumentException(
                    "compression.type=" + type.configName + " has no compression levels");
            case GZIP -> {
                if (level != GzipCompressionCodec.DEFAULT_LEVEL
                        && (level < GzipCompressionCodec.MIN_LEVEL || level > GzipCompressionCodec.MAX_LEVEL)) {
                    throw outOfRange(type, level, GzipCompressionCodec.MIN_LEVEL, GzipCompressionCodec.MAX_LEVEL,
                            " or " + GzipCompressionCodec.DEFAULT_LEVEL);
                }
                yield GzipCompressionCodec.DEFAULT_LEVEL;
            }
            case LZ4 -> {
                if (level < Lz4CompressionCodec.MIN_LEVEL || level > Lz4CompressionCodec.MAX_LEVEL) {
                    throw outOfRange(type, level, Lz4CompressionCodec.MIN_LEVEL, Lz4CompressionCodec.MAX_LEVEL, "");
                }
                yield Lz4CompressionCodec.DEFAULT_LEVEL;
            }
            case ZSTD -> {
                if (level < ZstdCompressionCodec.MIN_LEVEL || level > ZstdCompressionCodec.MAX_LEVEL) {
                    throw outOfRange(type, level, ZstdCompressionCodec.MIN_LEVEL, ZstdCompressionCodec.MAX_LEVEL, "");
                }
                yield ZstdCompressionCodec.DEFAULT_LEVEL;
            }
        };
    }

    private static IllegalArgumentException outOfRange(CompressionType type, int level, int min, int max, String extra) {
        return new IllegalArgumentException("compression." + type.configName + ".level " + level
                + " is out of range; allowed: " + min + ".." + max + extra);
    }

    private record LevelKey(CompressionType type, int level) {
    }

    // One holder per codec: the JVM initialises each on first use only, so probing a library (and loading
    // the codec class that links against it) happens only when that codec is asked for. The factories are
    // lambdas, not constructor references, so that the codec class is not even resolved until the probe
    // has found the library. The level constants used here are compile-time constants, inlined.

    private static final class GzipHolder {
        static final CompressionCodec DEFAULT = new GzipCompressionCodec(GzipCompressionCodec.DEFAULT_LEVEL);
    }

    private static final class SnappyHolder {
        static final OptionalCodec CODEC = OptionalCodec.probe(CompressionType.SNAPPY, "org.xerial.snappy.Snappy",
                "org.xerial.snappy:snappy-java", CompressionCodecs.class.getClassLoader(),
                level -> new SnappyCompressionCodec(), 0);
    }

    private static final class Lz4Holder {
        static final OptionalCodec CODEC = OptionalCodec.probe(CompressionType.LZ4, "net.jpountz.lz4.LZ4Factory",
                "org.lz4:lz4-java (or its maintained fork at.yawk.lz4:lz4-java)",
                CompressionCodecs.class.getClassLoader(), level -> new Lz4CompressionCodec(level),
                Lz4CompressionCodec.DEFAULT_LEVEL);
    }

    private static final class ZstdHolder {
        static final OptionalCodec CODEC = OptionalCodec.probe(CompressionType.ZSTD, "com.github.luben.zstd.Zstd",
                "com.github.luben:zstd-jni", CompressionCodecs.class.getClassLoader(),
                level -> new ZstdCompressionCodec(level), ZstdCompressionCodec.DEFAULT_LEVEL);
    }
}
