package dev.kurier.client.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;

/**
 * The record sets a request refers to instead of copying them into its frame: the codec writes each set's length
 * and notes where its bytes belong; {@link #splice} then builds the frame as a composite of the written bytes and
 * retained slices of the record sets, so a produce request sends the producer's batch buffers as they are.
 *
 * <p>Only direct record sets are deferred (compressed batches): a heap set would be copied into direct memory by the
 * channel anyway, and copying it here, into a frame allocated at its exact size, is the cheaper of the two.
 *
 * <p>Ownership: the record sets stay their owner's; each slice in the spliced frame holds its own reference, which
 * the channel releases with the frame once written.
 */
public final class DeferredRecordSets {

    /** Smaller sets are cheaper to copy than to carry as a component of their own. */
    static final int MIN_DEFERRED_BYTES = 1024;

    private int[] positions = new int[4];
    private ByteBuf[] sets = new ByteBuf[4];
    private int count;
    private int bytes;

    /** Whether {@code records} is worth deferring rather than copying: direct, and not small. */
    static boolean worthDeferring(ByteBuf records) {
        return records.isDirect() && records.readableBytes() >= MIN_DEFERRED_BYTES;
    }

    /** Notes that {@code records}' readable bytes belong at {@code position} of the written bytes. */
    void add(int position, ByteBuf records) {
        if (count == sets.length) {
            positions = java.util.Arrays.copyOf(positions, count * 2);
            sets = java.util.Arrays.copyOf(sets, count * 2);
        }
        positions[count] = position;
        sets[count] = records;
        count++;
        bytes += records.readableBytes();
    }

    /** Whether no record set was deferred (the written bytes are the whole frame). */
    public boolean isEmpty() {
        return count == 0;
    }

    /** The bytes the deferred record sets add to the frame. */
    public int bytes() {
        return bytes;
    }

    /**
     * The frame: {@code written} cut at each noted position with the record set that belongs there in between.
     * Takes over {@code written} (releases it; the frame holds slices of it).
     */
    public ByteBuf splice(ByteBufAllocator alloc, ByteBuf written) {
        CompositeByteBuf frame = alloc.compositeDirectBuffer(2 * count + 1);
        try {
            int from = written.readerIndex();
            for (int i = 0; i < count; i++) {
                if (positions[i] > from) {
                    frame.addComponent(true, written.retainedSlice(from, positions[i] - from));
                }
                ByteBuf set = sets[i];
                frame.addComponent(true, set.retainedSlice(set.readerIndex(), set.readableBytes()));
                from = positions[i];
            }
            if (written.writerIndex() > from) {
                frame.addComponent(true, written.retainedSlice(from, written.writerIndex() - from));
            }
            return frame;
        } catch (RuntimeException e) {
            frame.release();
            throw e;
        } finally {
            written.release();
        }
    }
}
