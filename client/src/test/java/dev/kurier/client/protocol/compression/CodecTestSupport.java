package dev.kurier.client.protocol.compression;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.utils.BufferSupplier;
import org.apache.kafka.common.utils.ByteBufferOutputStream;

/** Test data, the kafka-clients oracle, and ByteBuf kinds with exact leak accounting. */
final class CodecTestSupport {

    private CodecTestSupport() {
    }

    // ---- data shapes ---------------------------------------------------------------------------

    /** A named input for the codecs. */
    record Shape(String name, byte[] data) {
        @Override
        public String toString() {
            return name + "(" + data.length + ")";
        }
    }

    private static final String[] WORDS = {"kurier", "kafka", "record", "batch", "offset", "topic", "partition",
        "producer", "consumer", "{\"id\":", "\"value\":", "null", "true", "2024-05-01T12:00:00Z", "\n", " ", ","};

    /** Text-like data: words from a small vocabulary with random numbers, compressible about 3-5x. */
    static byte[] text(int size, long seed) {
        Random random = new Random(seed);
        StringBuilder sb = new StringBuilder(size + 32);
        while (sb.length() < size) {
            sb.append(WORDS[random.nextInt(WORDS.length)]);
            if (random.nextInt(4) == 0) {
                sb.append(random.nextInt(100_000));
            }
        }
        return sb.substring(0, size).getBytes(StandardCharsets.UTF_8);
    }

    /** Incompressible data. */
    static byte[] random(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    /** Highly compressible data: a short pattern repeated. */
    static byte[] repetitive(int size) {
        byte[] pattern = "kurier-0123456789-".getBytes(StandardCharsets.US_ASCII);
        byte[] data = new byte[size];
        for (int i = 0; i < size; i++) {
            data[i] = pattern[i % pattern.length];
        }
        return data;
    }

    /** About {@code count} records of 100 bytes, each a key, a JSON-ish value and a random tail. */
    static byte[] records100(int count) {
        Random random = new Random(100);
        byte[] out = new byte[count * 100];
        for (int r = 0; r < count; r++) {
            byte[] record = ("key-" + r + "{\"id\":" + r + ",\"user\":\"u" + random.nextInt(1000) + "\",\"v\":\"")
                    .getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(record, 0, out, r * 100, Math.min(record.length, 100));
            for (int i = record.length; i < 100; i++) {
                out[r * 100 + i] = (byte) ('a' + random.nextInt(26));
            }
        }
        return out;
    }

    /** The shapes every codec is checked with, including sizes on both sides of the 32 KiB / 64 KiB boundaries. */
    static List<Shape> shapes() {
        List<Shape> shapes = new ArrayList<>();
        shapes.add(new Shape("empty", new byte[0]));
        shapes.add(new Shape("one-byte", new byte[] {42}));
        shapes.add(new Shape("tiny", "abc".getBytes(StandardCharsets.US_ASCII)));
        shapes.add(new Shape("records100", records100(1000)));
        shapes.add(new Shape("random-1MiB", random(1 << 20, 1)));
        shapes.add(new Shape("repetitive-1MiB", repetitive(1 << 20)));
        shapes.add(new Shape("zeros-1MiB", new byte[1 << 20]));
        for (int size : new int[] {32 * 1024 - 1, 32 * 1024, 32 * 1024 + 1, 64 * 1024 - 1, 64 * 1024, 64 * 1024 + 1,
            96 * 1024 + 7, 128 * 1024, 192 * 1024 + 1}) {
            shapes.add(new Shape("text", text(size, size)));
        }
        shapes.add(new Shape("random", random(64 * 1024, 64)));
        shapes.add(new Shape("random", random(64 * 1024 + 1, 65)));
        shapes.add(new Shape("random", random(32 * 1024 + 1, 33)));
        return shapes;
    }

    // ---- kafka-clients as the oracle -----------------------------------------------------------

    static Compression kafka(CompressionType type) {
        return switch (type) {
            case NONE -> Compression.NONE;
            case GZIP -> Compression.gzip().build();
            case SNAPPY -> Compression.snappy().build();
            case LZ4 -> Compression.lz4().build();
            case ZSTD -> Compression.zstd().build();
        };
    }

    static Compression kafka(CompressionType type, int level) {
        return switch (type) {
            case GZIP -> Compression.gzip().level(level).build();
            case LZ4 -> Compression.lz4().level(level).build();
            case ZSTD -> Compression.zstd().level(level).build();
            default -> throw new IllegalArgumentException(type + " has no level");
        };
    }

    /** What kafka-clients writes for a v2 batch's records section. */
    static byte[] kafkaCompress(Compression compression, byte[] data) {
        ByteBufferOutputStream out = new ByteBufferOutputStream(Math.max(64, data.length / 2));
        try (OutputStream stream = compression.wrapForOutput(out, RecordBatch.MAGIC_VALUE_V2)) {
            stream.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ByteBuffer buffer = out.buffer();
        buffer.flip();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    /** What kafka-clients reads from a v2 batch's records section (exceptions are its own). */
    static byte[] kafkaDecompress(Compression compression, byte[] compressed) {
        try (BufferSupplier supplier = BufferSupplier.create();
             InputStream in = compression.wrapForInput(ByteBuffer.wrap(compressed), RecordBatch.MAGIC_VALUE_V2, supplier)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- buffers -------------------------------------------------------------------------------

    /**
     * Where a test's buffers come from. HEAP_TO_DIRECT compresses heap input into a direct buffer and
     * decompresses heap input with a direct-preferring allocator; DIRECT_TO_HEAP the other way round. The unpooled kinds count every byte they hand out (including the
     * codecs' own temporary buffers, allocated from {@code dst.alloc()} or the given allocator), so
     * {@link #assertAllReleased} proves nothing leaked. The pooled kind gives heap buffers at non-zero array
     * offsets, and DEFAULT_ALLOCATOR uses Netty's default (adaptive, direct) allocator the client runs with;
     * their accounting is by reference counts of the buffers the test sees.
     */
    enum Kind {
        HEAP, DIRECT, HEAP_TO_DIRECT, DIRECT_TO_HEAP, COMPOSITE, POOLED_HEAP, DEFAULT_ALLOCATOR;

        private static final PooledByteBufAllocator POOLED = new PooledByteBufAllocator(false);

        /** A fresh allocator per test, so its counters start at zero. */
        ByteBufAllocator newAllocator() {
            return switch (this) {
                case POOLED_HEAP -> POOLED;
                case DEFAULT_ALLOCATOR -> ByteBufAllocator.DEFAULT;
                case DIRECT, HEAP_TO_DIRECT -> new UnpooledByteBufAllocator(true, false, false);
                default -> new UnpooledByteBufAllocator(false, false, false);
            };
        }

        /** A buffer holding {@code data}, of this kind's input flavour. */
        ByteBuf input(ByteBufAllocator alloc, byte[] data) {
            return switch (this) {
                case HEAP, HEAP_TO_DIRECT, POOLED_HEAP -> withOffset(alloc.heapBuffer(data.length + 5), data);
                case DIRECT, DIRECT_TO_HEAP, DEFAULT_ALLOCATOR -> withOffset(alloc.directBuffer(data.length + 5), data);
                case COMPOSITE -> composite(alloc, data);
            };
        }

        /** An output buffer of this kind's output flavour, already holding a few unrelated bytes. */
        ByteBuf output(ByteBufAllocator alloc) {
            ByteBuf out = switch (this) {
                case HEAP, DIRECT_TO_HEAP, POOLED_HEAP -> alloc.heapBuffer(16);
                case DIRECT, HEAP_TO_DIRECT -> alloc.directBuffer(16);
                case DEFAULT_ALLOCATOR -> alloc.buffer(16);
                case COMPOSITE -> alloc.compositeBuffer().addComponent(true, alloc.heapBuffer(8));
            };
            return out.writeBytes(PREFIX);
        }

        private static ByteBuf withOffset(ByteBuf buf, byte[] data) {
            // Readable data starting at index 5, so codecs must honour reader indexes.
            return buf.writeBytes(new byte[5]).skipBytes(5).writeBytes(data);
        }

        private static ByteBuf composite(ByteBufAllocator alloc, byte[] data) {
            CompositeByteBuf composite = alloc.compositeBuffer();
            int third = data.length / 3;
            int[] cuts = {0, third, 2 * third, data.length};
            for (int i = 0; i < 3; i++) {
                int length = cuts[i + 1] - cuts[i];
                ByteBuf part = (i % 2 == 0 ? alloc.heapBuffer(length) : alloc.directBuffer(length));
                composite.addComponent(true, part.writeBytes(data, cuts[i], length));
            }
            return composite;
        }
    }

    /** Bytes written ahead of the codec's output, to check it appends rather than overwrites. */
    static final byte[] PREFIX = {7, 7, 7};

    /** The readable bytes of {@code out} after {@link #PREFIX}, which is checked. */
    static byte[] afterPrefix(ByteBuf out) {
        byte[] all = ByteBufUtil.getBytes(out);
        assertThat(all).startsWith(PREFIX);
        byte[] rest = new byte[all.length - PREFIX.length];
        System.arraycopy(all, PREFIX.length, rest, 0, rest.length);
        return rest;
    }

    /** Fails if buffers from {@code alloc} are still allocated (only unpooled allocators count exactly). */
    static void assertAllReleased(ByteBufAllocator alloc) {
        if (alloc instanceof UnpooledByteBufAllocator unpooled) {
            assertThat(unpooled.metric().usedHeapMemory()).as("heap bytes still allocated").isZero();
            assertThat(unpooled.metric().usedDirectMemory()).as("direct bytes still allocated").isZero();
        }
    }

    /** Runs our decoder on {@code compressed} (a heap buffer), returning the bytes; the output is released. */
    static byte[] ourDecompress(CompressionType type, byte[] compressed) {
        return ourDecompress(CompressionCodecs.forType(type), compressed, new UnpooledByteBufAllocator(false, false, false),
                Integer.MAX_VALUE);
    }

    /** Runs {@code codec}'s decoder with {@code alloc} and a limit; checks everything from {@code alloc} is released. */
    static byte[] ourDecompress(CompressionCodec codec, byte[] compressed, ByteBufAllocator alloc, int maxBytes) {
        ByteBufAllocator inputAlloc = alloc instanceof RecordingAllocator recording ? recording.delegate : alloc;
        ByteBuf src = inputAlloc.heapBuffer(compressed.length).writeBytes(compressed);
        ByteBuf out = null;
        try {
            out = codec.decompress(src, alloc, maxBytes);
            return ByteBufUtil.getBytes(out);
        } finally {
            release(src, out);
            assertAllReleased(inputAlloc);
        }
    }

    /** Our codec's output for {@code data}. */
    static byte[] ourCompress(CompressionType type, byte[] data) {
        return CodecInteropTest.compress(CompressionCodecs.forType(type), data);
    }

    /** {@code a} followed by {@code b}. */
    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    /** Releases every buffer and checks each was released exactly once. */
    static void release(ByteBuf... buffers) {
        for (ByteBuf buffer : buffers) {
            if (buffer != null) {
                assertThat(buffer.release()).as("released to zero").isTrue();
            }
        }
    }
}
