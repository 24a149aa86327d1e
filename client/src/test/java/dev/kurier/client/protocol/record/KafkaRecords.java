package dev.kurier.client.protocol.record;

import dev.kurier.client.protocol.compression.CompressionCodecs;
import dev.kurier.client.protocol.compression.CompressionType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.utils.Utils;

/** Test support: one record's inputs, and kafka-clients' MemoryRecordsBuilder as the oracle for batch bytes. */
final class KafkaRecords {

    private KafkaRecords() {
    }

    /** One record to append. */
    record Input(long timestamp, byte[] key, byte[] value, List<RecordHeader> headers) {
        org.apache.kafka.common.header.Header[] kafkaHeaders() {
            org.apache.kafka.common.header.Header[] hs = new org.apache.kafka.common.header.Header[headers.size()];
            for (int i = 0; i < hs.length; i++) {
                hs[i] = new org.apache.kafka.common.header.internals.RecordHeader(headers.get(i).key(), headers.get(i).value());
            }
            return hs;
        }
    }

    /** Batch-level settings shared by our builder and kafka's. */
    record Settings(long baseOffset, int partitionLeaderEpoch, long producerId, short producerEpoch, int baseSequence,
                    boolean transactional, org.apache.kafka.common.record.TimestampType timestampType, long logAppendTime) {
        static Settings plain(long baseOffset) {
            return new Settings(baseOffset, -1, -1L, (short) -1, -1, false,
                    org.apache.kafka.common.record.TimestampType.CREATE_TIME, -1L);
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A varied set of records: null key, null value, empty key, headers with null values, negative deltas. */
    static List<Input> variedInputs() {
        List<Input> inputs = new ArrayList<>();
        inputs.add(new Input(1_700_000_000_000L, bytes("key-1"), bytes("value-1"), List.of()));
        inputs.add(new Input(1_700_000_000_010L, null, bytes("no key"), List.of(new RecordHeader("trace", bytes("abc")))));
        inputs.add(new Input(1_699_999_999_000L, bytes("tombstone"), null, List.of(
                new RecordHeader("null-value", null), new RecordHeader("\u00fcml\u00e4ut", new byte[0]))));
        inputs.add(new Input(1_700_000_005_000L, new byte[0], new byte[300], List.of()));
        inputs.add(new Input(1_700_000_000_001L, null, null, List.of(new RecordHeader("k", new byte[] {0, 1, 2}))));
        return inputs;
    }

    /** {@code n} records, with values of increasing size, to exercise multi-byte varints. */
    static List<Input> manyInputs(int n) {
        List<Input> inputs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] value = new byte[i * 37 % 5000];
            for (int j = 0; j < value.length; j++) {
                value[j] = (byte) (i + j);
            }
            inputs.add(new Input(1_600_000_000_000L + i * 1000L, bytes("k" + i), value,
                    i % 3 == 0 ? List.of(new RecordHeader("h" + i, bytes("v" + i))) : List.of()));
        }
        return inputs;
    }

    /** kafka-clients' bytes for one batch of {@code inputs}. */
    static byte[] kafkaBatch(Settings s, Compression compression, List<Input> inputs) {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(1024), (byte) 2, compression,
                s.timestampType(), s.baseOffset(), s.logAppendTime(), s.producerId(), s.producerEpoch(), s.baseSequence(),
                s.transactional(), s.partitionLeaderEpoch());
        for (Input in : inputs) {
            builder.append(in.timestamp(), in.key(), in.value(), in.kafkaHeaders());
        }
        return Utils.toArray(builder.build().buffer());
    }

    /** Applies the settings to our builder. */
    static RecordBatchBuilder configure(RecordBatchBuilder b, Settings s) {
        b.baseOffset(s.baseOffset()).partitionLeaderEpoch(s.partitionLeaderEpoch())
                .producerState(s.producerId(), s.producerEpoch(), s.baseSequence()).transactional(s.transactional());
        if (s.timestampType() == org.apache.kafka.common.record.TimestampType.LOG_APPEND_TIME) {
            b.logAppendTime(s.logAppendTime());
        }
        return b;
    }

    /** Whether our codec for {@code type} is available (the compression codecs are delivered separately). */
    static boolean codecAvailable(CompressionType type) {
        try {
            CompressionCodecs.forType(type);
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }
}
