package dev.kurier.client.consumer.internals;

import dev.kurier.client.common.Header;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.client.consumer.CorruptRecordException;
import dev.kurier.client.consumer.RecordDeserializationException;
import dev.kurier.client.consumer.TimestampType;
import dev.kurier.client.protocol.message.FetchResponse;
import dev.kurier.client.protocol.ProtocolException;
import dev.kurier.client.protocol.record.HeaderView;
import dev.kurier.client.protocol.record.Record;
import dev.kurier.client.protocol.record.RecordBatch;
import dev.kurier.client.protocol.record.RecordBatchIterator;
import dev.kurier.client.protocol.record.RecordIterator;
import dev.kurier.client.serialization.Deserializer;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * The record batches one fetch returned for one partition, decoded lazily as {@link #next(Deserializer, Deserializer)} is called, with the
 * protocol's {@link RecordBatchIterator}. Owns the fetched buffer and releases it on {@link #close()} or when
 * exhausted.
 *
 * <p>Records before the fetch offset (a batch may start earlier) and control batches are skipped. A trailing
 * partial batch, which brokers send when a batch does not fit the size limit, ends the iteration. A corrupt batch
 * is reported with the topic-partition and its offset.
 */
final class FetchedRecords implements AutoCloseable {

    private final TopicPartition partition;
    /** The partition's topic and number, read once rather than per record. */
    private final String topic;
    private final int partitionNumber;
    private ByteBuf buffer;
    private final RecordBatchIterator batches;
    private long nextOffset;
    private RecordIterator records;
    private TimestampType timestampType;
    private int leaderEpoch;
    /** read_committed: aborted transactions of this fetch not yet reached, by first offset. */
    private final java.util.PriorityQueue<FetchResponse.AbortedTransaction> abortedAhead;
    /** {@code max.decompressed.batch.bytes}. */
    private final int maxDecompressedBytes;
    /** read_committed: producers whose transaction in progress here was aborted. */
    private final java.util.Set<Long> abortingProducers = new java.util.HashSet<>();
    private java.util.function.LongConsumer decompressedListener;
    /** The decompressed bytes of the batch open now, told to the listener. */
    private int openDecompressed;

    FetchedRecords(TopicPartition partition, ByteBuf buffer, long fetchOffset, boolean checkCrcs) {
        this(partition, buffer, fetchOffset, checkCrcs, null);
    }

    /**
     * With {@code abortedTransactions} (read_committed), batches of aborted transactions are skipped: a producer's
     * transactional batches from the aborted transaction's first offset up to its ABORT marker.
     */
    FetchedRecords(TopicPartition partition, ByteBuf buffer, long fetchOffset, boolean checkCrcs,
                   List<FetchResponse.AbortedTransaction> abortedTransactions) {
        this(partition, buffer, fetchOffset, checkCrcs, abortedTransactions, RecordIterator.MAX_DECOMPRESSED_BYTES);
    }

    /** As above, a compressed batch decompressing past {@code maxDecompressedBytes} failing the poll. */
    FetchedRecords(TopicPartition partition, ByteBuf buffer, long fetchOffset, boolean checkCrcs,
                   List<FetchResponse.AbortedTransaction> abortedTransactions, int maxDecompressedBytes) {
        this.maxDecompressedBytes = maxDecompressedBytes;
        this.partition = partition;
        this.topic = partition.topic();
        this.partitionNumber = partition.partition();
        this.buffer = buffer;
        this.batches = new RecordBatchIterator(buffer, checkCrcs);
        this.nextOffset = fetchOffset;
        if (abortedTransactions == null || abortedTransactions.isEmpty()) {
            this.abortedAhead = null;
        } else {
            this.abortedAhead = new java.util.PriorityQueue<>(
                    java.util.Comparator.comparingLong(FetchResponse.AbortedTransaction::firstOffset));
            this.abortedAhead.addAll(abortedTransactions);
        }
    }

    /** Whether {@code batch} belongs to an aborted transaction (and keeps the aborted-producer set up to date). */
    private boolean aborted(RecordBatch batch) {
        if (abortedAhead == null) {
            return false;
        }
        while (!abortedAhead.isEmpty() && abortedAhead.peek().firstOffset() <= batch.lastOffset()) {
            abortingProducers.add(abortedAhead.poll().producerId());
        }
        if (batch.isControl()) {
            if (abortingProducers.contains(batch.producerId())) {
                try (RecordIterator it = batch.records()) {
                    if (it.hasNext() && it.next().controlType() == dev.kurier.client.protocol.record.ControlRecordType.ABORT) {
                        abortingProducers.remove(batch.producerId());
                    }
                }
            }
            return false;
        }
        return batch.isTransactional() && abortingProducers.contains(batch.producerId());
    }

    /** The offset the next record will have at least (the position after the last one returned). */
    long nextOffset() {
        return nextOffset;
    }

    /**
     * The next record, deserialized and built as the consumer hands it out, or {@code null} when the fetched data is
     * exhausted (buffers are then released). No intermediate object per record: the topic, partition, timestamp type
     * and leader epoch are set per fetch or per batch, and a record without headers shares one empty list.
     *
     * @throws RecordDeserializationException when a deserializer fails, with this record's offset and raw bytes
     * @throws CorruptRecordException when a batch is corrupt
     */
    <K, V> ConsumerRecord<K, V> next(Deserializer<K> keyDeserializer, Deserializer<V> valueDeserializer) {
        try {
            while (true) {
                if (records != null && records.hasNext()) {
                    // The Record is used up in this method only, so the JIT can keep it off the heap.
                    Record r = records.next();
                    long offset = r.offset();
                    if (offset < nextOffset) {
                        continue;
                    }
                    nextOffset = offset + 1;
                    byte[] key = r.keyBytes();
                    byte[] value = r.valueBytes();
                    List<Header> headers = r.headerCount() == 0 ? List.of() : copy(r.headers());
                    K k;
                    V v;
                    String part = "key";
                    try {
                        k = keyDeserializer.deserialize(topic, key);
                        part = "value";
                        v = valueDeserializer.deserialize(topic, value);
                    } catch (RuntimeException e) {
                        throw new RecordDeserializationException(partition, offset, part, key, value, e);
                    }
                    return new ConsumerRecord<>(topic, partitionNumber, offset, r.timestamp(), timestampType, k, v,
                            headers, key == null ? -1 : key.length, value == null ? -1 : value.length, leaderEpoch);
                }
                closeRecords();
                if (buffer == null || !batches.hasNext()) {
                    close();
                    return null;
                }
                RecordBatch batch = batches.next();
                if (aborted(batch) || batch.isControl() || batch.lastOffset() < nextOffset) {
                    continue; // transaction markers, or everything before our position
                }
                timestampType = batch.timestampType() == dev.kurier.client.protocol.record.TimestampType.LOG_APPEND_TIME
                        ? TimestampType.LOG_APPEND_TIME : TimestampType.CREATE_TIME;
                leaderEpoch = batch.partitionLeaderEpoch();
                records = open(batch, maxDecompressedBytes);
                if (decompressedListener != null && records.decompressedBytes() > 0) {
                    openDecompressed = records.decompressedBytes();
                    decompressedListener.accept(openDecompressed);
                }
            }
        } catch (dev.kurier.client.protocol.record.CorruptRecordException e) {
            throw new CorruptRecordException(partition, e.baseOffset(), String.format(
                    "CRC-32C mismatch (stored %08x, computed %08x)", e.expectedCrc(), e.actualCrc()), e);
        } catch (dev.kurier.client.protocol.compression.DecompressionLimitException e) {
            throw new CorruptRecordException(partition, nextOffset, e.getMessage()
                    + " (max.decompressed.batch.bytes; raise it if the batch is genuine, or seek past it)", e);
        } catch (ProtocolException e) {
            throw new CorruptRecordException(partition, nextOffset, e.getMessage(), e);
        }
    }

    /**
     * Tests only: replaces how a batch's records are opened, to fail as a missing codec library or exhausted memory
     * would (null: {@link RecordBatch#records()}). Read once per batch, not per record.
     */
    static volatile java.util.function.Function<RecordBatch, RecordIterator> opener;

    private static RecordIterator open(RecordBatch batch, int maxDecompressedBytes) {
        java.util.function.Function<RecordBatch, RecordIterator> o = opener;
        return o == null ? batch.records(batch.alloc(), maxDecompressedBytes) : o.apply(batch);
    }

    private static List<Header> copy(List<HeaderView> views) {
        List<Header> headers = new ArrayList<>(views.size());
        for (int i = 0; i < views.size(); i++) {
            HeaderView h = views.get(i);
            headers.add(new Header(h.key(), h.value()));
        }
        return headers;
    }

    /**
     * Told the decompressed size of each compressed batch when it is opened and, negated, when it is closed: the
     * consumer counts those bytes toward {@code queued.max.bytes} while they are held.
     */
    void onDecompressed(java.util.function.LongConsumer listener) {
        this.decompressedListener = listener;
    }

    private void closeRecords() {
        if (records != null) {
            records.close();
            records = null;
        }
        if (openDecompressed > 0) {
            long n = openDecompressed;
            openDecompressed = 0;
            decompressedListener.accept(-n);
        }
    }

    @Override
    public void close() {
        closeRecords();
        if (buffer != null) {
            buffer.release();
            buffer = null;
        }
    }
}
