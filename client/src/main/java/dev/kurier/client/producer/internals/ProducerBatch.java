package dev.kurier.client.producer.internals;

import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.producer.RecordMetadata;
import dev.kurier.client.protocol.compression.CompressionCodec;
import dev.kurier.client.protocol.compression.CompressionCodecs;
import dev.kurier.client.protocol.compression.CompressionType;
import dev.kurier.client.protocol.record.Header;
import dev.kurier.client.protocol.record.RecordBatch;
import dev.kurier.client.protocol.record.RecordBatchBuilder;
import dev.kurier.client.protocol.record.RecordWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One partition's record batch, written at {@code send()} time and sent as is.
 *
 * <p><b>Appending without locks.</b> Any number of sending threads append at once: each claims its record's offset
 * delta and byte range with one compare-and-set on {@link #state} (record count and write position packed in a
 * long), then copies its bytes into that range of the pooled buffer and stores its future in the slot of its offset
 * delta. {@link #seal()} sets the sign bit of the state, after which no claim succeeds; the sender thread then waits
 * for the claimed writes to finish ({@link #written}) and fills in the header.
 *
 * <p><b>Compressing on the appending thread.</b> The thread that seals a full batch may compress its records at once
 * ({@link #precompress}), as kafka-clients compresses while appending: the work is spread over the threads that
 * produce, and the single sender thread, which would otherwise compress every batch, stays free to send. Whichever of
 * the two claims {@link #encoding} first owns the uncompressed buffer; the sender only waits if it comes to the batch
 * while it is being compressed.
 *
 * <p><b>Ownership.</b> The buffer comes from the pooled allocator with {@code buffer.memory} reserved for its capacity
 * (see {@link RecordAccumulator}); after {@link #seal()} only the sender thread touches the batch, apart from
 * {@link #precompress}. {@link #encoded} is kept unchanged across retries (idempotent producing needs the same bytes)
 * and released exactly once by {@link #release()}.
 */
final class ProducerBatch {

    private static final int SLOT_CHUNK = 128;
    /** The smallest possible record (all lengths 1 byte, no key, value or headers). */
    private static final int MIN_RECORD_SIZE = 7;

    final TopicPartition partition;
    final long createdNanos;
    final long baseTimestamp;
    /** Bytes of buffer.memory this batch holds (its buffer's capacity). */
    final int reservedBytes;
    /** Appends stop at this size (batch.size), except that the first record always goes in. */
    private final int limit;
    private final ByteBuf buffer;
    private final byte[] array;
    private final int arrayOffset;
    private final int capacity;

    /** Bit 63: sealed; bits 32-62: records claimed; bits 0-31: bytes claimed after the header. */
    private final AtomicLong state = new AtomicLong();
    private final AtomicInteger written = new AtomicInteger();
    private final AtomicLong maxTimestamp = new AtomicLong(RecordBatch.NO_TIMESTAMP);
    private final AtomicReferenceArray<RecordFuture[]> slots;

    /** {@link #precompress} may still claim the records. */
    private static final int RAW = 0;
    /** {@link #precompress} is compressing them. */
    private static final int COMPRESSING = 1;
    /** {@link #precompressed} holds them compressed. */
    private static final int COMPRESSED = 2;
    /** The sender thread took them as they are (to compress, encode or drop them). */
    private static final int CLAIMED = 3;
    private final AtomicInteger encoding = new AtomicInteger(RAW);
    /** Header room and compressed records, written by {@link #precompress}; published by {@link #encoding}. */
    private ByteBuf precompressed;

    // Sender thread only, after seal().
    ByteBuf encoded;
    int count;
    int attempts;
    int idGeneration = -1;
    /** Order in which batches of a partition were first sent: retries go out again in this order. */
    long sendOrder;
    Throwable lastError;
    /** Set while the batch waits in its partition's retry queue: its bytes must survive the failed request. */
    boolean queuedForRetry;
    /** Set once its buffer.memory and record count were given back. */
    boolean roomFreed;
    /**
     * The batch this one was split from (the broker refused it as too large), or null. A part shares its parent's
     * buffer.memory and flush accounting: the parent completes once its last part did.
     */
    ProducerBatch parent;
    /** After a split: the parts not completed yet. */
    int openParts;
    private boolean done;
    private boolean released;

    // Guarded by the partition queue's monitor.
    /** Set while the batch is full and waits to be sent: it counts in the {@link Pacer}'s backlog. */
    boolean inBacklog;
    /** When it was sealed full (System.nanoTime), 0 if it never was. */
    long sealedFullNanos;

    /**
     * A batch whose buffer can hold {@code capacity} bytes (header included) and that accepts records while it is
     * below {@code limit} bytes.
     */
    ProducerBatch(TopicPartition partition, ByteBufAllocator alloc, int capacity, int limit, long baseTimestamp,
                  long createdNanos) {
        this.partition = partition;
        this.createdNanos = createdNanos;
        this.baseTimestamp = baseTimestamp;
        this.limit = Math.min(limit, capacity);
        this.buffer = alloc.heapBuffer(capacity, capacity);
        if (!buffer.hasArray()) {
            buffer.release();
            throw new IllegalStateException("the allocator gave a heap buffer without an array: " + alloc);
        }
        this.array = buffer.array();
        this.arrayOffset = buffer.arrayOffset() + RecordBatch.HEADER_SIZE;
        this.capacity = capacity;
        this.reservedBytes = capacity;
        int maxRecords = (capacity - RecordBatch.HEADER_SIZE) / MIN_RECORD_SIZE + 1;
        this.slots = new AtomicReferenceArray<>((maxRecords + SLOT_CHUNK - 1) / SLOT_CHUNK);
    }

    /**
     * Appends a record; safe to call from many threads at once.
     *
     * @param fixedBodySize {@link RecordWriter#fixedBodySize} of the record
     * @return the record's offset delta, or -1 if the batch is sealed or full
     */
    int tryAppend(long timestamp, byte[] key, byte[] value, List<? extends Header> headers, int fixedBodySize,
                  RecordFuture future) {
        long timestampDelta = timestamp - baseTimestamp;
        int partial = fixedBodySize + RecordWriter.sizeOfVarlong(timestampDelta);
        while (true) {
            long s = state.get();
            if (s < 0) {
                return -1; // sealed
            }
            int n = (int) (s >>> 32);
            int pos = (int) s;
            int body = partial + RecordWriter.sizeOfVarint(n);
            int end = pos + RecordWriter.recordSize(body);
            if (RecordBatch.HEADER_SIZE + end > (n == 0 ? capacity : limit)) {
                return -1;
            }
            if (state.compareAndSet(s, ((long) (n + 1) << 32) | end)) {
                RecordWriter.write(array, arrayOffset + pos, body, timestampDelta, n, key, value, headers);
                slot(n)[n % SLOT_CHUNK] = future;
                long max = maxTimestamp.get();
                while (timestamp > max && !maxTimestamp.compareAndSet(max, timestamp)) {
                    max = maxTimestamp.get();
                }
                written.incrementAndGet(); // publishes the bytes and the slot to the sealing thread
                return n;
            }
        }
    }

    private RecordFuture[] slot(int index) {
        int c = index / SLOT_CHUNK;
        RecordFuture[] chunk = slots.get(c);
        if (chunk == null) {
            RecordFuture[] fresh = new RecordFuture[SLOT_CHUNK];
            chunk = slots.compareAndSet(c, null, fresh) ? fresh : slots.get(c);
        }
        return chunk;
    }

    /** Bytes claimed so far, header included (uncompressed). */
    int sizeInBytes() {
        return RecordBatch.HEADER_SIZE + (int) state.get();
    }

    /** Records claimed so far. */
    int recordsClaimed() {
        return (int) ((state.get() >>> 32) & 0x7FFFFFFF);
    }

    boolean isSealed() {
        return state.get() < 0;
    }

    /** Stops appends (idempotent). */
    void seal() {
        long s;
        do {
            s = state.get();
        } while (s >= 0 && !state.compareAndSet(s, s | Long.MIN_VALUE));
    }

    /**
     * Compresses the records of this sealed batch on the calling thread, so that the sender thread need not (see the
     * class comment). Does nothing if the batch is not sealed or the sender thread already took it; on a codec error
     * the records stay as they are, for the sender thread to report.
     */
    void precompress(CompressionCodec codec, ByteBufAllocator alloc) {
        if (!isSealed() || !encoding.compareAndSet(RAW, COMPRESSING)) {
            return;
        }
        int next = RAW;
        try {
            long s = state.get();
            awaitWriters((int) ((s >>> 32) & 0x7FFFFFFF));
            precompressed = compressRecords(codec, alloc, (int) s);
            buffer.release(); // buffer.memory stays held until completion
            next = COMPRESSED;
        } catch (RuntimeException e) {
            // left for the sender thread, whose encoding fails these records with the codec's error
        } finally {
            encoding.set(next);
        }
    }

    /**
     * Makes the sender thread the owner of the records: waits while {@link #precompress} is compressing them, and
     * afterwards no longer lets it start. Returns whether they are compressed already.
     */
    private boolean claim() {
        for (int i = 0; ; i++) {
            int e = encoding.get();
            if (e == COMPRESSED || e == CLAIMED) {
                return e == COMPRESSED;
            }
            if (e == RAW && encoding.compareAndSet(RAW, CLAIMED)) {
                return false;
            }
            backOff(i);
        }
    }

    private ByteBuf compressRecords(CompressionCodec codec, ByteBufAllocator alloc, int recordBytes) {
        buffer.writerIndex(RecordBatch.HEADER_SIZE + recordBytes);
        ByteBuf out = alloc.buffer(RecordBatch.HEADER_SIZE + recordBytes / 2 + 64);
        try {
            out.writeZero(RecordBatch.HEADER_SIZE);
            codec.compress(buffer.slice(RecordBatch.HEADER_SIZE, recordBytes), out);
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    /**
     * Seals the batch, waits for appends in progress, and encodes it: header, producer state and CRC, compressing the
     * records first when a codec is set and {@link #precompress} has not. Sender thread only; afterwards
     * {@link #encoded} holds the bytes to send.
     */
    void close(CompressionType compression, ByteBufAllocator alloc, long producerId, short producerEpoch,
               int baseSequence) {
        close(compression, alloc, producerId, producerEpoch, baseSequence, false);
    }

    /** {@link #close(CompressionType, ByteBufAllocator, long, short, int)}, flagged as part of a transaction. */
    void close(CompressionType compression, ByteBufAllocator alloc, long producerId, short producerEpoch,
               int baseSequence, boolean transactional) {
        seal();
        long s = state.get();
        count = (int) ((s >>> 32) & 0x7FFFFFFF);
        int recordBytes = (int) s;
        ByteBuf out;
        if (claim()) {
            out = precompressed;
        } else {
            awaitWriters(count);
            if (compression == CompressionType.NONE) {
                buffer.writerIndex(RecordBatch.HEADER_SIZE + recordBytes);
                out = buffer;
            } else {
                out = compressRecords(CompressionCodecs.forType(compression), alloc, recordBytes);
                buffer.release(); // the uncompressed copy is no longer needed; buffer.memory stays held until completion
            }
        }
        RecordBatchBuilder.writeProducerHeader(out, compression, count, baseTimestamp, maxTimestamp.get(), producerId,
                producerEpoch, baseSequence, transactional);
        encoded = out;
    }

    /** Whether the batch was encoded (it was sealed and closed by the sender). */
    boolean isClosed() {
        return encoded != null;
    }

    /** The future of the record at {@code offsetDelta}. */
    RecordFuture future(int offsetDelta) {
        return slots.get(offsetDelta / SLOT_CHUNK)[offsetDelta % SLOT_CHUNK];
    }

    /**
     * Completes every record; {@code baseOffset} -1 when unknown, {@code logAppendTime} -1 for create time. Returns
     * false if the batch had completed already.
     */
    boolean succeed(long baseOffset, long logAppendTime, LatencyHistogram latency, long now) {
        if (done) {
            return false;
        }
        done = true;
        for (int i = 0; i < count; i++) {
            RecordFuture f = future(i);
            latency.record(now - f.sentNanos);
            f.succeed(new RecordMetadata(partition, baseOffset < 0 ? -1 : baseOffset + i,
                    logAppendTime >= 0 ? logAppendTime : f.timestamp, f.keySize, f.valueSize));
        }
        return true;
    }

    /** Fails every record with {@code error}. Returns false if the batch had completed already. */
    boolean fail(Throwable error) {
        if (done) {
            return false;
        }
        done = true;
        for (int i = 0; i < count; i++) {
            future(i).fail(error);
        }
        return true;
    }

    /**
     * Splits this encoded batch, which the broker refused as too large, into parts of about half its record bytes each
     * (a record larger than that alone in its part), holding the same records' futures in the same order. The parts
     * are open (not yet encoded), share this batch's accounting ({@link #parent}) and sort right where it did among
     * its partition's retries: {@code sendOrder} plus the offset of their first record in it. The caller encodes them
     * and releases this batch.
     */
    List<ProducerBatch> split(ByteBufAllocator alloc) {
        int target = Math.max(1, (int) state.get() / 2); // half the uncompressed record bytes
        List<ProducerBatch> parts = new java.util.ArrayList<>();
        ProducerBatch current = null;
        int index = 0;
        try (dev.kurier.client.protocol.record.RecordIterator records = RecordBatch.wrap(encoded).records(alloc)) {
            while (records.hasNext()) {
                dev.kurier.client.protocol.record.Record r = records.next();
                RecordFuture f = future(index);
                byte[] key = r.hasKey() ? r.keyBytes() : null;
                byte[] value = r.hasValue() ? r.valueBytes() : null;
                List<? extends Header> headers = r.headers();
                int fixed = RecordWriter.fixedBodySize(key == null ? -1 : key.length, value == null ? -1 : value.length,
                        headers);
                if (current == null || current.tryAppend(r.timestamp(), key, value, headers, fixed, f) < 0) {
                    // an upper bound of the record's size: timestamp delta, offset delta and length varints
                    int size = fixed + 20;
                    int capacity = RecordBatch.HEADER_SIZE + Math.max(target, size);
                    current = new ProducerBatch(partition, alloc, capacity, capacity, r.timestamp(), createdNanos);
                    current.parent = this;
                    current.roomFreed = true; // this batch holds the room until its last part completes
                    current.attempts = attempts;
                    current.sendOrder = sendOrder + index;
                    current.idGeneration = idGeneration;
                    current.lastError = lastError;
                    parts.add(current);
                    if (current.tryAppend(r.timestamp(), key, value, headers, fixed, f) < 0) {
                        throw new IllegalStateException("a split part has no room for its first record");
                    }
                }
                index++;
            }
        } catch (RuntimeException e) {
            parts.forEach(ProducerBatch::release);
            throw e;
        }
        if (index != count) {
            parts.forEach(ProducerBatch::release);
            throw new IllegalStateException("a batch of " + count + " records decoded to " + index);
        }
        openParts = parts.size();
        return parts;
    }

    /** Seals a batch without encoding it and learns its record count, so {@link #fail} reaches every record. */
    void sealAndCount() {
        if (encoded != null) {
            return;
        }
        seal();
        long s = state.get();
        count = (int) ((s >>> 32) & 0x7FFFFFFF);
        claim();
        awaitWriters(count);
    }

    /**
     * Waits for senders between their claim and their copy of the first {@code records} records: normally a few
     * hundred nanoseconds, but a sender may be descheduled in between.
     */
    private void awaitWriters(int records) {
        for (int i = 0; written.get() != records; i++) {
            backOff(i);
        }
    }

    /** One step of a short wait for another thread: a spin, then yields, then sleeps, so as not to take its core. */
    private static void backOff(int i) {
        if (i < 100) {
            Thread.onSpinWait();
        } else if (i < 200) {
            Thread.yield();
        } else {
            java.util.concurrent.locks.LockSupport.parkNanos(20_000);
        }
    }

    /** Releases the bytes once the network no longer needs them (idempotent). */
    void release() {
        if (released) {
            return;
        }
        released = true;
        if (encoded != null) {
            encoded.release();
        } else if (claim()) {
            precompressed.release();
        } else {
            buffer.release();
        }
    }

    @Override
    public String toString() {
        return "batch of " + partition + " (" + recordsClaimed() + " records)";
    }
}
