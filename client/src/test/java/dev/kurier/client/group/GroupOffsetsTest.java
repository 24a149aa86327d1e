package dev.kurier.client.group;

import static dev.kurier.client.group.TestGroupMember.pollUntil;
import static dev.kurier.client.group.TestGroupMember.split;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.testing.Eventually;
import dev.kurier.testkit.KafkaCluster;
import dev.kurier.testkit.junit.EmbeddedKafka;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

/**
 * Offsets on a real broker: committed without joining the group (generation -1, the simple-consumer mode) and
 * read back by Kurier and by kafka-clients' admin; committed asynchronously with the callback run on the
 * polling thread; committed by a member and picked up by the member that takes the partition over.
 */
@EmbeddedKafka
class GroupOffsetsTest {

    private static final AtomicInteger SEQ = new AtomicInteger();

    @Test
    void offsetsCommittedWithoutMembershipAreReadBackByKurierAndKafkaClients(KafkaCluster kafka) throws Exception {
        String topic = "simple-" + SEQ.incrementAndGet();
        String group = "simple-group-" + SEQ.get();
        kafka.createTopic(topic, 3, 1);
        TopicPartition p0 = new TopicPartition(topic, 0);
        TopicPartition p1 = new TopicPartition(topic, 1);
        TopicPartition p2 = new TopicPartition(topic, 2);
        try (TestGroupMember m = new TestGroupMember("simple", kafka.bootstrapServers(), group, List.of("range"), Map.of())) {
            m.group.commitSync(Map.of(p0, new OffsetAndMetadata(42, -1, "checkpoint-a"), p1, OffsetAndMetadata.of(7)));
            Map<TopicPartition, OffsetAndMetadata> committed = m.group.committed(List.of(p0, p1, p2),
                    Duration.ofSeconds(10));
            assertThat(committed).containsOnlyKeys(p0, p1); // p2 has none
            assertThat(committed.get(p0).offset()).isEqualTo(42);
            assertThat(committed.get(p0).metadata()).isEqualTo("checkpoint-a");
            assertThat(committed.get(p1).offset()).isEqualTo(7);

            Properties props = new Properties();
            props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            try (AdminClient admin = AdminClient.create(props)) {
                Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> seen =
                        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                assertThat(seen.get(new org.apache.kafka.common.TopicPartition(topic, 0)).offset()).isEqualTo(42);
                assertThat(seen.get(new org.apache.kafka.common.TopicPartition(topic, 0)).metadata())
                        .isEqualTo("checkpoint-a");
                assertThat(seen.get(new org.apache.kafka.common.TopicPartition(topic, 1)).offset()).isEqualTo(7);
            }

            // Asynchronous: the callback runs on this (the polling) thread, during a later poll.
            List<String> callbacks = new CopyOnWriteArrayList<>();
            Thread me = Thread.currentThread();
            m.group.commitAsync(Map.of(p2, OffsetAndMetadata.of(3)), (offsets, error) ->
                    callbacks.add(offsets.keySet() + " " + error + " " + (Thread.currentThread() == me))).join();
            assertThat(callbacks).isEmpty();
            // join() may return before the completion is queued for the polling thread: poll until it runs (bounded)
            Eventually.repeat(Duration.ofSeconds(5), "callbacks not empty", () -> {
                m.group.poll(Duration.ofMillis(10));
                return !callbacks.isEmpty();
            });
            assertThat(callbacks).containsExactly("[" + p2 + "] null true");
            assertThat(m.group.committed(List.of(p2), Duration.ofSeconds(10)).get(p2).offset()).isEqualTo(3);
        }
    }

    @Test
    void aMembersCommitsAreWhereTheNextOwnerStarts(KafkaCluster kafka) {
        String topic = "handover-" + SEQ.incrementAndGet();
        String group = "handover-group-" + SEQ.get();
        kafka.createTopic(topic, 2, 1);
        List<TopicPartition> all = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
        Map<TopicPartition, Long> seenByB = new HashMap<>();
        try (TestGroupMember b = new TestGroupMember("b", kafka.bootstrapServers(), group, List.of("cooperative-sticky"),
                Map.of())) {
            TestGroupMember a = new TestGroupMember("a", kafka.bootstrapServers(), group, List.of("cooperative-sticky"),
                    Map.of());
            try {
                a.subscribe(topic);
                pollUntil(Duration.ofSeconds(20), () -> split(all, a), a);
                Map<TopicPartition, OffsetAndMetadata> progress = new HashMap<>();
                for (TopicPartition tp : a.assignment()) {
                    progress.put(tp, OffsetAndMetadata.of(100 + tp.partition()));
                }
                a.group.commitSync(progress);
            } finally {
                a.close();
            }
            b.group.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(java.util.Collection<TopicPartition> partitions) {
                }

                @Override
                public void onPartitionsAssigned(java.util.Collection<TopicPartition> partitions) {
                    // Inside the callback, on the polling thread, with the generation valid.
                    b.group.committed(partitions, Duration.ofSeconds(10))
                            .forEach((tp, om) -> seenByB.put(tp, om.offset()));
                }
            });
            pollUntil(Duration.ofSeconds(20), () -> split(all, b), b);
            assertThat(seenByB).containsOnly(Map.entry(all.get(0), 100L), Map.entry(all.get(1), 101L));
            // A member commits under its generation.
            b.group.commitSync(Map.of(all.get(0), OffsetAndMetadata.of(200)), Duration.ofSeconds(10));
            assertThat(b.group.committed(Set.of(all.get(0)), Duration.ofSeconds(10)).get(all.get(0)).offset())
                    .isEqualTo(200);
        }
    }
}
