package dev.kurier.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Three combined broker+controller nodes with a static quorum: replication, and a node crash. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ThreeNodeClusterTest {

    private static final Logger LOG = LoggerFactory.getLogger(ThreeNodeClusterTest.class);

    private static KafkaCluster cluster;

    @BeforeAll
    static void start() {
        long begin = System.nanoTime();
        cluster = KafkaCluster.builder().nodes(3).build().start();
        LOG.info("Three nodes (Kafka {}) started in {} ms", cluster.config().kafkaVersion(),
                (System.nanoTime() - begin) / 1_000_000);
    }

    @AfterAll
    static void close() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void everyNodeRunsOnItsOwnPorts() {
        assertThat(cluster.nodes()).hasSize(3).allSatisfy(node -> assertThat(node.isRunning()).isTrue());
        assertThat(cluster.nodes()).extracting(KafkaNode::id).containsExactly(1, 2, 3);
        assertThat(cluster.bootstrapServers().split(",")).containsExactly(
                cluster.node(1).bootstrapServer(), cluster.node(2).bootstrapServer(), cluster.node(3).bootstrapServer());
        assertThat(cluster.nodes()).extracting(KafkaNode::port).doesNotHaveDuplicates();
        assertThat(cluster.nodes()).extracting(KafkaNode::controllerPort).doesNotHaveDuplicates();
    }

    @Test
    @Order(2)
    void createsAFullyReplicatedTopic() {
        cluster.createTopic("replicated", 3, 3, Map.of("min.insync.replicas", "2"));

        TopicLayout layout = cluster.describeTopic("replicated");
        assertThat(layout.partitionCount()).isEqualTo(3);
        assertThat(layout.replicationFactor()).isEqualTo(3);
        assertThat(layout.partitions()).allSatisfy(p -> {
            assertThat(p.replicas()).containsExactlyInAnyOrder(1, 2, 3);
            assertThat(p.isr()).containsExactlyInAnyOrder(1, 2, 3);
            assertThat(p.hasLeader()).isTrue();
        });
        // The leaders are spread over the nodes.
        assertThat(layout.partitions()).extracting(PartitionLayout::leader).doesNotHaveDuplicates();
    }

    @Test
    @Order(3)
    void survivesTheCrashOfANodeAndTakesItBack() {
        KafkaNode node = cluster.node(2);
        node.crash();
        assertThat(node.isRunning()).isFalse();

        // The other two still serve and keep the topic.
        assertThat(cluster.topicNames()).contains("replicated");

        long begin = System.nanoTime();
        node.start();
        LOG.info("Node 2 of 3 restarted after a crash in {} ms", (System.nanoTime() - begin) / 1_000_000);

        assertThat(node.isRunning()).isTrue();
        cluster.createTopic("after-crash", 2, 3);
        assertThat(cluster.describeTopic("after-crash").partitions())
                .allSatisfy(p -> assertThat(p.replicas()).containsExactlyInAnyOrder(1, 2, 3));
        assertThat(cluster.describeTopic("replicated").replicationFactor()).isEqualTo(3);
    }
}
