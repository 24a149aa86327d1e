package dev.kurier.client.transactions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a whole topic with kafka-clients (the oracle) under read_committed, partition by partition, so that an
 * exactly-once copy can be compared with its input: equal lists per partition mean nothing lost, nothing duplicated,
 * nothing reordered.
 */
public final class ExactlyOnceCheck {

    private ExactlyOnceCheck() {
    }

    /** The values of every partition of {@code topic} up to its (last stable) end, in offset order. */
    public static Map<Integer, List<String>> read(String bootstrap, String topic, int partitions) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("isolation.level", "read_committed");
        props.put("auto.offset.reset", "earliest");
        props.put("max.poll.records", "5000");
        Map<Integer, List<String>> out = new TreeMap<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                tps.add(new TopicPartition(topic, p));
                out.put(p, new ArrayList<>());
            }
            c.assign(tps);
            Map<TopicPartition, Long> end = c.endOffsets(tps); // under read_committed: the last stable offsets
            dev.kurier.client.testing.Eventually.repeat(Duration.ofSeconds(60), "every partition read to its end",
                    () -> {
                        if (reached(c, end)) {
                            return true;
                        }
                        c.poll(Duration.ofMillis(200)).forEach(r -> out.get(r.partition()).add(r.value()));
                        return reached(c, end);
                    });
        }
        return out;
    }

    private static boolean reached(KafkaConsumer<String, String> c, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (c.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** How many values in all. */
    public static int count(Map<Integer, List<String>> byPartition) {
        return byPartition.values().stream().mapToInt(List::size).sum();
    }
}
