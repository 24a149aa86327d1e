package dev.kurier.benchmarks;

import dev.kurier.client.ClientConfig;
import dev.kurier.client.KurierClient;
import dev.kurier.client.consumer.Consumer;
import dev.kurier.client.consumer.ConsumerConfig;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.client.consumer.ShareConsumer;
import dev.kurier.client.serialization.Serdes;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Kurier's side of {@link GroupsSideBySide}, in a JVM of its own: {@code share BOOTSTRAP TOPIC GROUP RECORDS
 * CONSUMERS} or {@code rebalance BOOTSTRAP TOPIC GROUP PROTOCOL PARTITIONS} ({@link GroupWorkloads}).
 */
public final class KurierGroups {

    private KurierGroups() {
    }

    public static void main(String[] args) throws Exception {
        try (KurierClient client = KurierClient.create(ClientConfig.builder().bootstrapServers(args[1])
                .clientId("groups-bench").build())) {
            String topic = args[2];
            String group = args[3];
            if (args[0].equals("share")) {
                GroupWorkloads.share(() -> share(client, topic, group), Long.parseLong(args[4]),
                        Integer.parseInt(args[5]));
            } else {
                GroupWorkloads.rebalance(() -> member(client, topic, group, args[4]), Integer.parseInt(args[5]));
            }
        }
    }

    private static GroupWorkloads.Member share(KurierClient client, String topic, String group) {
        ShareConsumer<byte[], byte[]> c = client.shareConsumer(ConsumerConfig.builder().groupId(group).build(),
                Serdes.bytesDeserializer(), Serdes.bytesDeserializer());
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

    private static GroupWorkloads.Member member(KurierClient client, String topic, String group, String protocol) {
        Consumer<byte[], byte[]> c = client.consumer(ConsumerConfig.builder().groupId(group).autoOffsetReset("latest")
                .set("group.protocol", protocol).build(), Serdes.bytesDeserializer(),
                Serdes.bytesDeserializer());
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
