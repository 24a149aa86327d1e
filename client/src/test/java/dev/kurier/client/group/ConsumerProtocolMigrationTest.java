package dev.kurier.client.group;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.ClientConfig;
import dev.kurier.client.KurierClient;
import dev.kurier.client.admin.Admin;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.Consumer;
import dev.kurier.client.consumer.ConsumerConfig;
import dev.kurier.client.consumer.Ordering;
import dev.kurier.client.consumer.parallel.ParallelConsumer;
import dev.kurier.client.producer.Producer;
import dev.kurier.client.producer.ProducerConfig;
import dev.kurier.client.producer.ProducerRecord;
import dev.kurier.client.serialization.Serdes;
import dev.kurier.client.testing.Eventually;
import dev.kurier.testkit.KafkaCluster;
import dev.kurier.testkit.junit.EmbeddedKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Online upgrade of a classic group to the KIP-848 consumer protocol, and downgrade back (the broker's default
 * {@code group.consumer.migration.policy=bidirectional}), as a rolling restart would do it: a group of a Kurier and a
 * kafka-clients member, then one of them (Kurier first, or kafka-clients first) comes back with the other
 * {@code group.protocol}, then the other. At every step each partition has exactly one owner, and every
 * record is read. Also: a ParallelConsumer with faust acks on the consumer protocol through a member joining and
 * leaving.
 */
@EmbeddedKafka
class ConsumerProtocolMigrationTest {

    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final int PARTITIONS = 6;

    /** One member, Kurier's or kafka-clients', of either protocol, polled by the test thread. */
    private interface Member extends AutoCloseable {
        Set<String> owned();

        void poll(Map<String, Integer> seen);

        @Override
        void close();
    }

    private static Member kurier(KurierClient client, String group, String topic, String protocol) {
        Consumer<String, String> c = client.consumer(ConsumerConfig.builder().groupId(group).autoOffsetReset("earliest")
                .set("group.protocol", protocol).build(), Serdes.stringDeserializer(), Serdes.stringDeserializer());
        c.subscribe(List.of(topic));
        return new Member() {
            @Override
            public Set<String> owned() {
                Set<String> out = new HashSet<>();
                c.assignment().forEach(tp -> out.add(tp.toString()));
                return out;
            }

            @Override
            public void poll(Map<String, Integer> seen) {
                c.poll(Duration.ofMillis(50)).forEach(r -> seen.merge(r.value(), 1, Integer::sum));
            }

            @Override
            public void close() {
                c.close();
            }
        };
    }

    private static Member kafkaClients(KafkaCluster kafka, String group, String topic, String protocol) {
        Properties props = new Properties();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        props.put("group.id", group);
        props.put("group.protocol", protocol);
        props.put("auto.offset.reset", "earliest");
        KafkaConsumer<String, String> c = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        c.subscribe(List.of(topic));
        return new Member() {
            @Override
            public Set<String> owned() {
                Set<String> out = new HashSet<>();
                c.assignment().forEach(tp -> out.add(tp.topic() + "-" + tp.partition()));
                return out;
            }

            @Override
            public void poll(Map<String, Integer> seen) {
                c.poll(Duration.ofMillis(50)).forEach(r -> seen.merge(r.value(), 1, Integer::sum));
            }

            @Override
            public void close() {
                c.close();
            }
        };
    }

    private static void fill(KurierClient client, String topic, int from, int to) {
        try (Producer<String, String> p = client.producer(ProducerConfig.defaults(), Serdes.stringSerializer(),
                Serdes.stringSerializer())) {
            for (int i = from; i < to; i++) {
                p.send(new ProducerRecord<>(topic, i % PARTITIONS, null, null, "r" + i, List.of()));
            }
            p.flush();
        }
    }

    /** Polls both members until each owns some partitions, together all, none twice, and {@code n} records were read. */
    private static void settle(String what, Member a, Member b, Map<String, Integer> seen, int n) {
        Eventually.waitFor(Duration.ofSeconds(60), what, () -> {
            a.poll(seen);
            b.poll(seen);
            Set<String> both = new HashSet<>(a.owned());
            both.addAll(b.owned());
            return !a.owned().isEmpty() && !b.owned().isEmpty() && a.owned().size() + b.owned().size() == PARTITIONS
                    && both.size() == PARTITIONS && seen.size() >= n;
        });
    }

    private static String type(Admin admin, String group) {
        return admin.describeGroups(List.of(group)).value(group).join().type();
    }

    @ParameterizedTest(name = "{0} members upgrade first")
    @ValueSource(strings = {"kurier", "kafka-clients"})
    void aClassicGroupUpgradesOnlineToTheConsumerProtocol(String first, KafkaCluster kafka) {
        migrate(kafka, "classic", "consumer", first.equals("kurier"));
    }

    @ParameterizedTest(name = "{0} members downgrade first")
    @ValueSource(strings = {"kurier", "kafka-clients"})
    void aConsumerGroupDowngradesOnlineToTheClassicProtocol(String first, KafkaCluster kafka) {
        migrate(kafka, "consumer", "classic", first.equals("kurier"));
    }

    /**
     * A group of a Kurier and a kafka-clients member on protocol {@code from}; one, then the other, restarts on
     * {@code to}. The group turns into a {@code to} group when the first member of the new protocol joins (upgrade)
     * or when the last member of the old one leaves (downgrade).
     */
    private static void migrate(KafkaCluster kafka, String from, String to, boolean kurierFirst) {
        int n = SEQ.incrementAndGet();
        String topic = "kip848-migrate-" + n;
        String group = "kip848-migrate-group-" + n;
        kafka.createTopic(topic, PARTITIONS, 1);
        Map<String, Integer> seen = new ConcurrentHashMap<>();
        try (KurierClient client = KurierClient.create(ClientConfig.builder()
                .bootstrapServers(kafka.bootstrapServers()).clientId("kip848-migrate").build());
             Admin admin = client.admin()) {
            fill(client, topic, 0, 600);
            Member ours = kurier(client, group, topic, from);
            Member theirs = kafkaClients(kafka, group, topic, from);
            try {
                settle("a " + from + " group of both clients", ours, theirs, seen, 0);
                assertThat(type(admin, group)).isEqualTo(from);

                // the first client restarts on the new protocol: a mixed group, of the consumer type either way
                if (kurierFirst) {
                    ours.close();
                    ours = kurier(client, group, topic, to);
                } else {
                    theirs.close();
                    theirs = kafkaClients(kafka, group, topic, to);
                }
                fill(client, topic, 600, 1200);
                settle("one " + to + " member next to a " + from + " one", ours, theirs, seen, 0);
                assertThat(type(admin, group)).isEqualTo("consumer");

                // then the other
                if (kurierFirst) {
                    theirs.close();
                    theirs = kafkaClients(kafka, group, topic, to);
                } else {
                    ours.close();
                    ours = kurier(client, group, topic, to);
                }
                fill(client, topic, 1200, 1800);
                settle("both on the " + to + " protocol, every record read", ours, theirs, seen, 1800);
                Eventually.waitFor(Duration.ofSeconds(30), "the group of type " + to,
                        () -> type(admin, group).equals(to));
            } finally {
                ours.close();
                theirs.close();
            }
        }
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < 1800; i++) {
            if (!seen.containsKey("r" + i)) {
                missing.add("r" + i);
            }
        }
        assertThat(missing).as("records never read").isEmpty();
    }

    @Test
    void aParallelConsumerWithFaustAcksKeepsEveryRecordThroughMembersComingAndGoing(KafkaCluster kafka) throws Exception {
        int n = SEQ.incrementAndGet();
        String topic = "kip848-parallel-" + n;
        String group = "kip848-parallel-group-" + n;
        kafka.createTopic(topic, PARTITIONS, 1);
        Map<String, Integer> handled = new ConcurrentHashMap<>();
        try (KurierClient client = KurierClient.create(ClientConfig.builder()
                .bootstrapServers(kafka.bootstrapServers()).clientId("kip848-parallel").build());
             Admin admin = client.admin()) {
            fill(client, topic, 0, 3000);
            ConsumerConfig config = ConsumerConfig.builder().groupId(group).autoOffsetReset("earliest")
                    .set("group.protocol", "consumer").set("acks.enabled", "true")
                    .set("revoke.drain.timeout.ms", "5000").build();
            Consumer<String, String> a = client.consumer(config, Serdes.stringDeserializer(), Serdes.stringDeserializer());
            a.subscribe(List.of(topic));
            ParallelConsumer<String, String> pa = ParallelConsumer.start(a, 3, Ordering.PARTITION, 50,
                    r -> handled.merge(r.value(), 1, Integer::sum));
            Eventually.waitFor(Duration.ofSeconds(60), "the first member is under way", () -> handled.size() >= 500);
            Consumer<String, String> b = client.consumer(config, Serdes.stringDeserializer(), Serdes.stringDeserializer());
            b.subscribe(List.of(topic));
            ParallelConsumer<String, String> pb = ParallelConsumer.start(b, 3, Ordering.PARTITION, 50,
                    r -> handled.merge(r.value(), 1, Integer::sum));
            Eventually.waitFor(Duration.ofSeconds(60), "the second member owns partitions",
                    () -> !pb.assignment().isEmpty());
            fill(client, topic, 3000, 4000);
            pb.close(Duration.ofSeconds(30)); // leaves: its partitions go back to the first, drained first
            b.close();
            Eventually.waitFor(Duration.ofSeconds(60), "every record handled", () -> handled.size() >= 4000);
            assertThat(pa.waitEmpty(Duration.ofSeconds(30))).isTrue();
            pa.close(Duration.ofSeconds(30));
            a.close();
            Map<TopicPartition, Long> committed = admin.listGroupOffsets(group).join();
            assertThat(committed.values().stream().mapToLong(Long::longValue).sum()).as("all committed").isEqualTo(4000);
        }
        assertThat(handled).hasSize(4000);
        assertThat(handled.values().stream().filter(v -> v > 1).count()).as("records handled twice").isZero();
    }
}
