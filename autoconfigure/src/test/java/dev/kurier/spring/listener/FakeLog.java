package dev.kurier.spring.listener;

import dev.kurier.client.common.Header;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.client.consumer.TimestampType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** An in-memory partitioned log standing in for a broker in container tests: offsets are list indexes. */
final class FakeLog {

    final Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> partitions = new ConcurrentHashMap<>();

    FakeLog(String topic, int partitionCount) {
        for (int p = 0; p < partitionCount; p++) {
            partitions.put(new TopicPartition(topic, p), new ArrayList<>());
        }
    }

    /** Appends a record and wakes pollers; returns its offset. */
    long append(String topic, int partition, String key, String value, Header... headers) {
        List<ConsumerRecord<byte[], byte[]>> l = partitions.get(new TopicPartition(topic, partition));
        synchronized (this) {
            long offset = l.size();
            l.add(record(topic, partition, offset, key, value, headers));
            notifyAll();
            return offset;
        }
    }

    static ConsumerRecord<byte[], byte[]> record(String topic, int partition, long offset, String key, String value,
                                                 Header... headers) {
        byte[] k = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
        byte[] v = value == null ? null : value.getBytes(StandardCharsets.UTF_8);
        return new ConsumerRecord<>(topic, partition, offset, 1_700_000_000_000L + offset, TimestampType.CREATE_TIME, k, v,
                List.of(headers), k == null ? -1 : k.length, v == null ? -1 : v.length, 0);
    }

    synchronized long end(TopicPartition tp) {
        return partitions.get(tp).size();
    }
}
