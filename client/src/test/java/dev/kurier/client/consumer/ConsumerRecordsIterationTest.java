package dev.kurier.client.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kurier.client.common.TopicPartition;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/** Iterating {@link ConsumerRecords} walks the partitions' lists in place, in partition then offset order. */
class ConsumerRecordsIterationTest {

    private static List<ConsumerRecord<String, String>> records(String topic, int partition, long... offsets) {
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        for (long o : offsets) {
            out.add(new ConsumerRecord<>(topic, partition, o, 0L, TimestampType.CREATE_TIME, null, topic + partition + "@" + o,
                    List.of(), -1, 1, -1));
        }
        return out;
    }

    @Test
    void iteratesEveryPartitionInOrderSkippingEmptyLists() {
        Map<TopicPartition, List<ConsumerRecord<String, String>>> by = new LinkedHashMap<>();
        by.put(new TopicPartition("t", 2), records("t", 2, 5, 6));
        by.put(new TopicPartition("t", 0), new ArrayList<>());
        by.put(new TopicPartition("u", 0), new LinkedList<>(records("u", 0, 9)));
        by.put(new TopicPartition("t", 1), records("t", 1, 0, 1, 2));
        ConsumerRecords<String, String> rs = new ConsumerRecords<>(by);
        List<String> seen = new ArrayList<>();
        for (ConsumerRecord<String, String> r : rs) {
            seen.add(r.value());
        }
        assertThat(seen).containsExactly("t2@5", "t2@6", "u0@9", "t1@0", "t1@1", "t1@2");
        assertThat(rs.count()).isEqualTo(6);
        Iterator<ConsumerRecord<String, String>> it = rs.iterator();
        it.next();
        assertThatThrownBy(it::remove).isInstanceOf(UnsupportedOperationException.class);
        while (it.hasNext()) {
            it.next();
        }
        assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void oneOrNoPartitionIteratesReadOnly() {
        ConsumerRecords<String, String> one = new ConsumerRecords<>(Map.of(new TopicPartition("t", 0),
                records("t", 0, 3, 4)));
        Iterator<ConsumerRecord<String, String>> it = one.iterator();
        assertThat(it.next().offset()).isEqualTo(3);
        assertThatThrownBy(it::remove).isInstanceOf(UnsupportedOperationException.class);
        assertThat(it.next().offset()).isEqualTo(4);
        assertThat(it.hasNext()).isFalse();
        assertThat(ConsumerRecords.<String, String>empty().iterator().hasNext()).isFalse();
    }
}
