package dev.kurier.client.protocol.compression;

import dev.kurier.client.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteBuffer;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import net.jpountz.xxhash.XXHash32;
import net.jpountz.xxhash.XXHashFactory;

/**
 * {@code compression.type=lz4}: the LZ4 frame format as Kafka's {@code Lz4BlockOutputStream} writes it for
 * record batch v2. Magic {@code 0x184D2204}, FLG {@code 0x60} (version 01, independent blocks), BD
 * {@code 0x40} (64 KiB blocks), the header checksum {@code (xxhash32(FLG BD, seed 0) >> 8) & 0xFF}, then per
 * 64 KiB of input an int32 little-endian size (bit 31 set when the block is stored uncompressed because
 * compressing did not make it smaller) and the block, then an end mark of 0. No block or content checksum
 * and no content size, like Kafka. With lz4-java's fastest block compressor (level 9, Kafka's default) or
 * its HC compressor at the same level, our bytes equal kafka-clients' bytes.
 *
 * <p>Reading accepts any frame Kafka 4.1 accepts for magic v2, and validates more: block sizes up to the
 * declared maximum (64 KiB to 4 MiB), block checksums when flagged, the content size and the content
 * checksum when present (the latter per the LZ4 frame spec, XXH32 of the whole content; Kafka 4.1 skips it).
 * The descriptor checksum is always verified: the "broken" checksum old clients computed over the magic too
 * is only tolerated by Kafka for magic v0/v1 batches, which are not ours. Dependent blocks and dictionary
 * ids are refused, as Kafka does. Bytes after the end mark are ignored, as Kafka does.
 *
 * <p>Memory: lz4-java's ByteBuffer API takes heap and direct buffers alike (native code for both), so
 * blocks are compressed straight into {@code dst} and decompressed straight into the output, with no
 * staging. Only the safe decompressor is used: it never reads or writes outside the given ranges, and each
 * block's output room is bounded by the frame's declared block size and the caller's limit.
 */
final class Lz4CompressionCodec implements CompressionCodec {

    /** Kafka's {@code compression.lz4.level} bounds and default (9 selects the fast compressor). */
    static final int MIN_LEVEL = 1;
    static final int MAX_LEVEL = 17;
    static final int DEFAULT_LEVEL = 9;

    private static final CompressionType TYPE = CompressionType.LZ4;
    private static final int MAGIC = 0x184D2204;
    private static final int FLG_VERSION_MASK = 0xC0;
    private static final int FLG_VERSION_01 = 0x40;
    private static final int FLG_BLOCK_INDEPENDENCE = 0x20;
    private static final int FLG_BLOCK_CHECKSUM = 0x10;
    private static final int FLG_CONTENT_SIZE = 0x08;
    private static final int FLG_CONTENT_CHECKSUM = 0x04;
    private static final int FLG_RESERVED = 0x02;
    private static final int FLG_DICT_ID = 0x01;
    private static final int BD_RESERVED = 0x8F;
    private static final int FLG = FLG_VERSION_01 | FLG_BLOCK_INDEPENDENCE;
    private static final int BD = 4 << 4;
    private static final int BLOCK_SIZE = 64 * 1024;
    private static final int STORED = 0x80000000;
    /** An LZ4 sequence adds at most 255 output bytes per input byte (a match-length extension byte). */
    private static final long MAX_EXPANSION = 255;

    private static final LZ4Factory FACTORY = LZ4Factory.fastestInstance();
    private static final LZ4SafeDecompressor DECOMPRESSOR = FACTORY.safeDecompressor();
    private static final XXHash32 XXHASH = XXHashFactory.fastestInstance().hash32();
    private static final int HEADER_CHECKSUM = (XXHASH.hash(new byte[] {FLG, BD}, 0, 2, 0) >> 8) & 0xFF;

    private final int level;
    private final LZ4Compressor compressor;

    Lz4CompressionCodec(int level) {
        this.level = level;
        // Same choice as Kafka: the default level means the fast compressor, any other the HC one.
        this.compressor = level == DEFAULT_LEVEL ? FACTORY.fastCompressor() : FACTORY.highCompressor(level);
    }

    @Override
    public CompressionType type() {
        return TYPE;
    }

    @Override
    public void compress(ByteBuf src, ByteBuf dst) {
        int dstStart = dst.writerIndex();
        int srcStart = src.readerIndex();
        int total = src.readableBytes();
        try {
            dst.writeIntLE(MAGIC).writeByte(FLG).writeByte(BD).writeByte(HEADER_CHECKSUM);
            if (total > 0) {
                ByteBuffer input = src.nioBuffer(srcStart, total);
                int base = input.position();
                for (int done = 0; done < total; ) {
                    int n = Math.min(BLOCK_SIZE, total - done);
                    int bound = compressor.maxCompressedLength(n);
                    dst.ensureWritable(4 + bound);
                    int sizeAt = dst.writerIndex();
                    int written = compressBlock(input, base + done, n, dst, sizeAt + 4, bound);
                    if (written >= n) {
                        dst.setBytes(sizeAt + 4, src, srcStart + done, n);
                        dst.setIntLE(sizeAt, n | STORED);
                        written = n;
                    } else {
                        dst.setIntLE(sizeAt, written);
                    }
                    dst.writerIndex(sizeAt + 4 + written);
                    done += n;
                }
            }
            dst.writeIntLE(0);
            src.readerIndex(srcStart + total);
        } catch (LZ4Exception | IndexOutOfBoundsException e) {
            dst.writerIndex(dstStart);
            throw Buffers.compressFailed(TYPE, e);
        }
    }

    private int compressBlock(ByteBuffer input, int offset, int n, ByteBuf dst, int at, int bound) {
        if (Buffers.isSingleRegion(dst)) {
            ByteBuffer out = dst.nioBuffer(at, bound);
            return compressor.compress(input, offset, n, out, out.position(), bound);
        }
        ByteBuf staging = dst.alloc().heapBuffer(bound);
        try {
            ByteBuffer out = staging.nioBuffer(0, bound);
            int written = compressor.compress(input, offset, n, out, out.position(), bound);
            dst.setBytes(at, staging, 0, written);
            return written;
        } finally {
            staging.release();
        }
    }

    @Override
    public ByteBuf decompress(ByteBuf src, ByteBufAllocator alloc) {
        return decompress(src, alloc, Integer.MAX_VALUE);
    }

    @Override
    public ByteBuf decompress(ByteBuf src, ByteBufAllocator alloc, int maxBytes) {
        Frame frame = new Frame(src);
        ByteBuf out = null;
        try {
            frame.readHeader();
            if (frame.contentSize > maxBytes) {
                throw Buffers.tooLarge(TYPE, maxBytes);
            }
            long estimate = frame.contentSize >= 0 ? Math.min(frame.contentSize, frame.estimate()) : frame.estimate();
            out = alloc.buffer(Buffers.initialCapacity(estimate, maxBytes));
            frame.readBlocks(out, maxBytes);
            src.readerIndex(src.writerIndex());
            return out;
        } catch (ProtocolException | Error e) {
            release(out);
            throw e;
        } catch (RuntimeException e) {
            release(out);
            Buffers.rethrowFatal(e);
            throw Buffers.corrupt(TYPE, e);
        }
    }

    private static void release(ByteBuf buf) {
        if (buf != null) {
            buf.release();
        }
    }

    /** One frame being read: the input, a view of it for lz4-java, and the descriptor's flags. */
    private static final class Frame {
        private final ByteBuf src;
        private final int start;
        private final int end;
        private final ByteBuffer view;
        private final int viewBase;
        private int pos;
        private boolean blockChecksum;
        private boolean contentChecksum;
        private long contentSize = -1;
        private int maxBlockSize;

        Frame(ByteBuf src) {
            this.src = src;
            this.start = src.readerIndex();
            this.end = src.writerIndex();
            this.view = src.nioBuffer(start, end - start);
            this.viewBase = view.position();
            this.pos = start;
        }

        private int viewIndex(int index) {
            return viewBase + index - start;
        }

        private void need(int bytes, String what) {
            if (end - pos < bytes) {
                throw Buffers.truncated(TYPE, what, pos - start, bytes, end - pos);
            }
        }

        void readHeader() {
            need(7, "frame header");
            int magic = src.getIntLE(pos);
            if (magic != MAGIC) {
                throw Buffers.corrupt(TYPE, "bad frame magic 0x" + Integer.toHexString(magic));
            }
            int flg = src.getUnsignedByte(pos + 4);
            int bd = src.getUnsignedByte(pos + 5);
            if ((flg & FLG_VERSION_MASK) != FLG_VERSION_01) {
                throw Buffers.corrupt(TYPE, "frame version " + (flg >> 6) + " is not 1");
            }
            if ((flg & (FLG_RESERVED | FLG_DICT_ID)) != 0) {
                throw Buffers.corrupt(TYPE, "reserved or dictionary-id FLG bits set (0x" + Integer.toHexString(flg) + ")");
            }
            if ((flg & FLG_BLOCK_INDEPENDENCE) == 0) {
                throw Buffers.corrupt(TYPE, "dependent blocks are not supported (as in Kafka)");
            }
            int blockSizeId = (bd >> 4) & 7;
            if ((bd & BD_RESERVED) != 0 || blockSizeId < 4) {
                throw Buffers.corrupt(TYPE, "bad block descriptor 0x" + Integer.toHexString(bd));
            }
            maxBlockSize = 1 << (2 * blockSizeId + 8);
            blockChecksum = (flg & FLG_BLOCK_CHECKSUM) != 0;
            contentChecksum = (flg & FLG_CONTENT_CHECKSUM) != 0;
            int descriptorLength = 2;
            if ((flg & FLG_CONTENT_SIZE) != 0) {
                descriptorLength += 8;
                need(4 + descriptorLength + 1, "frame header with content size");
                contentSize = src.getLongLE(pos + 6);
                if (contentSize < 0) {
                    throw Buffers.corrupt(TYPE, "content size " + Long.toUnsignedString(contentSize));
                }
            }
            int checksum = (XXHASH.hash(view, viewIndex(pos + 4), descriptorLength, 0) >> 8) & 0xFF;
            int stored = src.getUnsignedByte(pos + 4 + descriptorLength);
            if (checksum != stored) {
                throw Buffers.corrupt(TYPE, "frame descriptor checksum 0x" + Integer.toHexString(stored)
                        + " does not match 0x" + Integer.toHexString(checksum));
            }
            pos += 4 + descriptorLength + 1;
        }

        /**
         * An upper bound on the output from the block headers alone: stored blocks count their size,
         * compressed ones the least of the maximum block size and what LZ4 can expand them to. Stops at the
         * first inconsistency; {@link #readBlocks} reports it.
         */
        long estimate() {
            long total = 0;
            int p = pos;
            while (end - p >= 4) {
                int word = src.getIntLE(p);
                int size = word & ~STORED;
                if (size == 0 || size > maxBlockSize) {
                    break;
                }
                total += word < 0 ? size : Math.min(maxBlockSize, size * MAX_EXPANSION);
                p += 4 + size + (blockChecksum ? 4 : 0);
                if (p < 0) {
                    break;
                }
            }
            return total;
        }

        void readBlocks(ByteBuf out, int maxBytes) {
            while (true) {
                need(4, "block size (or end mark)");
                int word = src.getIntLE(pos);
                pos += 4;
                int size = word & ~STORED;
                if (size == 0) {
                    break; // end mark (Kafka and liblz4 also take 0x80000000 as one)
                }
                if (size > maxBlockSize) {
                    throw Buffers.corrupt(TYPE, "block size " + size + " exceeds the frame's maximum " + maxBlockSize);
                }
                need(size + (blockChecksum ? 4 : 0), "block");
                if (blockChecksum) {
                    int expected = src.getIntLE(pos + size);
                    if (XXHASH.hash(view, viewIndex(pos), size, 0) != expected) {
                        throw Buffers.corrupt(TYPE, "block checksum mismatch at offset " + (pos - start));
                    }
                }
                if (word < 0) {
                    if ((long) out.writerIndex() + size > maxBytes) {
                        throw Buffers.tooLarge(TYPE, maxBytes);
                    }
                    out.writeBytes(src, pos, size);
                } else {
                    decompressBlock(size, out, maxBytes);
                }
                pos += size + (blockChecksum ? 4 : 0);
            }
            int length = out.writerIndex();
            if (contentChecksum) {
                need(4, "content checksum");
                int expected = src.getIntLE(pos);
                pos += 4;
                if (XXHASH.hash(out.nioBuffer(0, length), 0, length, 0) != expected) {
                    throw Buffers.corrupt(TYPE, "content checksum mismatch");
                }
            }
            if (contentSize >= 0 && contentSize != length) {
                throw Buffers.corrupt(TYPE, "frame declares " + contentSize + " bytes of content but holds " + length);
            }
        }

        private void decompressBlock(int size, ByteBuf out, int maxBytes) {
            long allowed = (long) maxBytes + 1 - out.writerIndex();
            int room = (int) Math.min(maxBlockSize, allowed);
            out.ensureWritable(room);
            ByteBuffer target = out.nioBuffer(out.writerIndex(), room);
            int produced;
            try {
                produced = DECOMPRESSOR.decompress(view, viewIndex(pos), size, target, target.position(), room);
            } catch (LZ4Exception e) {
                if (room < maxBlockSize) {
                    throw new ProtocolException(TYPE.configName + ": corrupt block at offset " + (pos - start)
                            + ", or decompressed data exceeds the limit of " + maxBytes + " bytes", e);
                }
                throw Buffers.corrupt(TYPE, "block at offset " + (pos - start) + ": " + e.getMessage());
            }
            out.writerIndex(out.writerIndex() + produced);
            Buffers.checkLimit(out, maxBytes, TYPE);
        }
    }

    @Override
    public String toString() {
        return "lz4(level=" + level + ")";
    }
}
