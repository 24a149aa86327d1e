package dev.kurier.benchmarks;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** kafka-clients' side of {@link GroupsSideBySide}: the same arguments and loops as {@link KurierGroups}. */
public final class KafkaGroups {

    private KafkaGroups() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args[1];
        String topic = args[2];
        String group = args[3];
        if (args[0].equals("share")) {
            GroupWorkloads.share(() -> share(bootstrap, topic, group), Long.parseLong(args[4]), Integer.parseInt(args[5]));
        } else {
            GroupWorkloads.rebalance(() -> member(bootstrap, topic, group, args[4]), Integer.parseInt(args[5]));
        }
    }

    private static GroupWorkloads.Member share(String bootstrap, String topic, String group) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("group.id", group);
        props.put("client.id", "groups-bench");
        KafkaShareConsumer<byte[], byte[]> c = new KafkaShareConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        c.subscribe(List.of(topic));
        return new GroupWorkloads.Member() {
            @Override
            public int poll(java.util.function.IntConsumer sink) {
                int n = 0;
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    sink.accept(r.partition());
                    n++;
                }
                return n;
            }

            @Override
            public Set<Integer> owned() {
                return Set.of();
            }

            @Override
            public void close() {
                c.close();
            }
        };
    }

    private static GroupWorkloads.Member member(String bootstrap, String topic, String group, String protocol) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("group.id", group);
        props.put("client.id", "groups-bench");
        props.put("group.protocol", protocol);
        props.put("auto.offset.reset", "latest");
        KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        c.subscribe(List.of(topic));
        return new GroupWorkloads.Member() {
            @Override
            public int poll(java.util.function.IntConsumer sink) {
                int n = 0;
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
                    sink.accept(r.partition());
                    n++;
                }
                return n;
            }

            @Override
            public Set<Integer> owned() {
                Set<Integer> out = new HashSet<>();
                c.assignment().forEach(tp -> out.add(tp.partition()));
                return out;
            }

            @Override
            public void close() {
                c.close();
            }
        };
    }
}
