package dev.kurier.client.group;

import static dev.kurier.client.group.TestGroupMember.pollUntil;
import static dev.kurier.client.group.TestGroupMember.split;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.common.TopicPartition;
import dev.kurier.testkit.KafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

/**
 * The broker coordinating a group crashes (kill -9) in a 3-node cluster: the members notice (failed heartbeats),
 * find the new coordinator once the group's offsets partition has a new leader (riding out
 * COORDINATOR_NOT_AVAILABLE, NOT_COORDINATOR and COORDINATOR_LOAD_IN_PROGRESS), end up splitting the partitions
 * again, commit there, and the offsets committed before the crash survive.
 */
class CoordinatorFailoverTest {

    @Test
    void membersAndOffsetsSurviveACrashOfTheCoordinator() throws Exception {
        try (KafkaCluster kafka = KafkaCluster.builder().nodes(3).start()) {
            String topic = "failover";
            String group = "failover-group";
            kafka.createTopic(topic, 4, 3);
            List<TopicPartition> all = new ArrayList<>();
            for (int p = 0; p < 4; p++) {
                all.add(new TopicPartition(topic, p));
            }
            Map<String, Object> config = Map.of("request.timeout.ms", 5000);
            try (TestGroupMember a = new TestGroupMember("a", kafka.bootstrapServers(), group, List.of("cooperative-sticky"),
                    config);
                 TestGroupMember b = new TestGroupMember("b", kafka.bootstrapServers(), group, List.of("cooperative-sticky"),
                         config)) {
                a.subscribe(topic);
                b.subscribe(topic);
                pollUntil(Duration.ofSeconds(30), () -> split(all, a, b), a, b);
                Map<TopicPartition, OffsetAndMetadata> progress = new HashMap<>();
                for (TopicPartition tp : a.assignment()) {
                    progress.put(tp, OffsetAndMetadata.of(10 + tp.partition()));
                }
                a.group.commitSync(progress, Duration.ofSeconds(10));

                int coordinator = coordinatorOf(kafka, group);
                a.clearEvents();
                b.clearEvents();
                kafka.node(coordinator).crash();

                // Keep polling through the outage until the members are settled on the new coordinator and a
                // commit goes through there.
                TopicPartition[] written = {null};
                dev.kurier.client.testing.Eventually.repeat(Duration.ofSeconds(60), "a commit on the new coordinator",
                        () -> {
                            pollUntil(Duration.ofSeconds(60), () -> split(all, a, b), a, b);
                            try {
                                written[0] = b.assignment().iterator().next();
                                b.group.commitSync(Map.of(written[0], OffsetAndMetadata.of(99)), Duration.ofSeconds(5));
                                return true;
                            } catch (RuntimeException retryAfterRebalance) {
                                a.poll();
                                b.poll();
                                return false;
                            }
                        });
                TopicPartition overwritten = written[0];
                assertThat(coordinatorOf(kafka, group)).isNotEqualTo(coordinator);
                Map<TopicPartition, OffsetAndMetadata> expected = new HashMap<>(progress);
                expected.put(overwritten, OffsetAndMetadata.of(99));
                assertThat(a.group.committed(expected.keySet(), Duration.ofSeconds(10))).isEqualTo(expected);
            }
        }
    }

    private static int coordinatorOf(KafkaCluster kafka, String group) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        try (AdminClient admin = AdminClient.create(props)) {
            return admin.describeConsumerGroups(List.of(group)).all().get().get(group).coordinator().id();
        }
    }
}
