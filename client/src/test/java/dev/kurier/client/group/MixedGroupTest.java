package dev.kurier.client.group;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.common.TopicPartition;
import dev.kurier.testkit.KafkaCluster;
import dev.kurier.testkit.junit.EmbeddedKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/**
 * One Kurier member and one kafka-clients {@code KafkaConsumer} in the same classic group: whichever leads,
 * they split the partitions with no overlap and no gap, with range (eager) and with cooperative-sticky
 * (cooperative, two-phase), so the subscription and assignment bytes and the assignors' user data agree.
 */
@EmbeddedKafka
class MixedGroupTest {

    private static final AtomicInteger SEQ = new AtomicInteger();

    @Test
    void rangeWithKurierLeading(KafkaCluster kafka) {
        run(kafka, "range", "org.apache.kafka.clients.consumer.RangeAssignor", true);
    }

    @Test
    void cooperativeStickyWithKafkaClientsLeading(KafkaCluster kafka) {
        run(kafka, "cooperative-sticky", "org.apache.kafka.clients.consumer.CooperativeStickyAssignor", false);
    }

    private static void run(KafkaCluster kafka, String assignor, String kafkaAssignor, boolean kurierFirst) {
        int n = SEQ.incrementAndGet();
        String topic = "mixed-" + assignor + "-" + n;
        String group = "mixed-group-" + n;
        kafka.createTopic(topic, 6, 1);
        Set<TopicPartition> all = new TreeSet<>();
        for (int p = 0; p < 6; p++) {
            all.add(new TopicPartition(topic, p));
        }
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, kafkaAssignor);
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "6000");
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "500");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<String> kafkaEvents = new ArrayList<>();
        try (TestGroupMember kurier = new TestGroupMember("kurier", kafka.bootstrapServers(), group, List.of(assignor),
                Map.of());
             KafkaConsumer<byte[], byte[]> other = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                     new ByteArrayDeserializer())) {
            Runnable subscribeOther = () -> other.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<org.apache.kafka.common.TopicPartition> partitions) {
                    kafkaEvents.add("revoked " + partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<org.apache.kafka.common.TopicPartition> partitions) {
                    kafkaEvents.add("assigned " + partitions);
                }
            });
            // The first member to join the empty group leads it.
            if (kurierFirst) {
                kurier.subscribe(topic);
                TestGroupMember.pollUntil(Duration.ofSeconds(20), () -> TestGroupMember.split(all, kurier), kurier);
                subscribeOther.run();
            } else {
                subscribeOther.run();
                dev.kurier.client.testing.Eventually.repeat(Duration.ofSeconds(20), "kafka-clients owning all 6", () -> {
                    other.poll(Duration.ofMillis(50));
                    return other.assignment().size() == 6;
                });
                kurier.subscribe(topic);
            }
            try {
                dev.kurier.client.testing.Eventually.repeat(Duration.ofSeconds(40), "the mixed group settled", () -> {
                    kurier.poll();
                    other.poll(Duration.ofMillis(50));
                    return settled(kurier, other, all);
                });
            } catch (org.awaitility.core.ConditionTimeoutException notSettled) {
                // the assertion below names both sides' assignments and events
            }
            Set<TopicPartition> theirs = convert(other.assignment());
            assertThat(settled(kurier, other, all)).as("kurier %s %s, kafka-clients %s %s", kurier.assignment(),
                    kurier.events, theirs, kafkaEvents).isTrue();
            assertThat(kurier.assignment()).hasSize(3).doesNotContainAnyElementsOf(theirs);
            if (assignor.equals("cooperative-sticky") && !kurierFirst) {
                // kafka-clients owned everything: it revoked exactly what moved to Kurier, never more.
                assertThat(kafkaEvents.stream().filter(e -> e.startsWith("revoked")).toList())
                        .allMatch(e -> !e.equals("revoked []")).hasSize(1);
            }
        }
    }

    private static boolean settled(TestGroupMember kurier, KafkaConsumer<byte[], byte[]> other, Set<TopicPartition> all) {
        Set<TopicPartition> mine = kurier.assignment();
        Set<TopicPartition> theirs = convert(other.assignment());
        Set<TopicPartition> union = new HashSet<>(mine);
        union.addAll(theirs);
        return kurier.group.isStable() && !kurier.group.membershipRejoinPending()
                && mine.size() + theirs.size() == all.size() && union.equals(all) && mine.size() == 3;
    }

    private static Set<TopicPartition> convert(Set<org.apache.kafka.common.TopicPartition> partitions) {
        Set<TopicPartition> out = new TreeSet<>();
        partitions.forEach(tp -> out.add(new TopicPartition(tp.topic(), tp.partition())));
        return out;
    }
}
