package dev.kurier.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One real single-node broker, taken through start, topic commands, clean stop, crash and restart. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SingleNodeClusterTest {

    private static final Logger LOG = LoggerFactory.getLogger(SingleNodeClusterTest.class);

    private static KafkaCluster cluster;
    private static long startupMillis;

    @BeforeAll
    static void start() {
        long begin = System.nanoTime();
        cluster = KafkaCluster.builder().build().start();
        startupMillis = (System.nanoTime() - begin) / 1_000_000;
        LOG.info("Single node (Kafka {}) started in {} ms", cluster.config().kafkaVersion(), startupMillis);
    }

    @AfterAll
    static void close() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void startsWithinTheBudgetAndListensOnLoopback() throws IOException {
        assertThat(startupMillis).isLessThan(Duration.ofSeconds(60).toMillis());
        KafkaNode node = cluster.node(1);
        assertThat(node.isRunning()).isTrue();
        assertThat(node.pid()).isPositive();
        assertThat(cluster.bootstrapServers()).isEqualTo("127.0.0.1:" + node.port());
        assertThat(cluster.clusterId()).hasSize(22);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", node.port()), 2_000);
            assertThat(socket.isConnected()).isTrue();
        }
        assertThat(node.logFile()).exists();
        assertThat(Files.readString(node.logFile())).contains("Kafka Server started");
    }

    @Test
    @Order(2)
    void createsATopicWithEveryPartitionLed() {
        cluster.createTopic("orders", 3, 1, Map.of("cleanup.policy", "compact", "retention.ms", "60000"));

        assertThat(cluster.topicNames()).contains("orders");
        TopicLayout layout = cluster.describeTopic("orders");
        assertThat(layout.partitionCount()).isEqualTo(3);
        assertThat(layout.replicationFactor()).isEqualTo(1);
        assertThat(layout.partitions()).extracting(PartitionLayout::partition).containsExactly(0, 1, 2);
        assertThat(layout.partitions()).allSatisfy(p -> {
            assertThat(p.leader()).isEqualTo(1);
            assertThat(p.isr()).containsExactly(1);
        });
    }

    @Test
    @Order(3)
    void reportsWhatTheBrokerRefused() {
        assertThatThrownBy(() -> cluster.createTopic("orders", 1, 1))
                .isInstanceOf(KafkaTestkitException.class)
                .hasMessageContaining("already exists");
        assertThatThrownBy(() -> cluster.createTopic("bad-config", 1, 1, Map.of("cleanup.policy", "sometimes")))
                .isInstanceOf(KafkaTestkitException.class)
                .hasMessageContaining("bad-config")
                .hasMessageContaining("cleanup.policy");
        assertThatThrownBy(() -> cluster.createTopic("too-many-replicas", 1, 3))
                .isInstanceOf(KafkaTestkitException.class)
                .hasMessageContaining("too-many-replicas");
        assertThatThrownBy(() -> cluster.describeTopic("no-such-topic"))
                .isInstanceOf(KafkaTestkitException.class)
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> cluster.createTopic("spaces are illegal"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(cluster.topicNames()).doesNotContain("bad-config", "too-many-replicas");
    }

    @Test
    @Order(4)
    void runsTopicCommandsConcurrently() {
        List<CompletableFuture<Void>> creations = IntStream.range(0, 6)
                .mapToObj(i -> CompletableFuture.runAsync(() -> cluster.createTopic("parallel-" + i, 2, 1)))
                .toList();
        creations.forEach(CompletableFuture::join);
        assertThat(cluster.topicNames()).contains("parallel-0", "parallel-1", "parallel-2", "parallel-3",
                "parallel-4", "parallel-5");
    }

    @Test
    @Order(5)
    void deletesATopic() {
        cluster.createTopic("short-lived", 2, 1);
        assertThat(cluster.topicNames()).contains("short-lived");

        cluster.deleteTopic("short-lived");

        assertThat(cluster.topicNames()).doesNotContain("short-lived");
        assertThatThrownBy(() -> cluster.deleteTopic("short-lived"))
                .isInstanceOf(KafkaTestkitException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    @Order(6)
    void cleanStopAndStartKeepDataAndPort() {
        KafkaNode node = cluster.node(1);
        int port = node.port();

        node.stop();
        assertThat(node.isRunning()).isFalse();
        assertThat(node.pid()).isEqualTo(-1);
        assertThat(Files.exists(node.directory())).isTrue();
        assertThatThrownBy(cluster::topicNames).isInstanceOf(KafkaTestkitException.class)
                .hasMessageContaining("No node");

        long begin = System.nanoTime();
        node.start();
        LOG.info("Single node restarted after a clean stop in {} ms", (System.nanoTime() - begin) / 1_000_000);

        assertThat(node.isRunning()).isTrue();
        assertThat(node.port()).isEqualTo(port);
        assertThat(cluster.topicNames()).contains("orders");
        assertThat(cluster.describeTopic("orders").partitions()).allSatisfy(p -> assertThat(p.leader()).isEqualTo(1));
    }

    @Test
    @Order(7)
    void crashAndStartKeepData() {
        KafkaNode node = cluster.node(1);
        long pid = node.pid();

        node.crash();
        assertThat(node.isRunning()).isFalse();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();

        long begin = System.nanoTime();
        node.start();
        LOG.info("Single node restarted after a crash in {} ms", (System.nanoTime() - begin) / 1_000_000);

        assertThat(node.pid()).isNotEqualTo(pid);
        assertThat(cluster.topicNames()).contains("orders", "parallel-0");
        assertThat(cluster.describeTopic("orders").partitionCount()).isEqualTo(3);
    }

    @Test
    @Order(8)
    void restartIsStopThenStart() {
        KafkaNode node = cluster.node(1);
        long pid = node.pid();

        node.restart();

        assertThat(node.isRunning()).isTrue();
        assertThat(node.pid()).isNotEqualTo(pid);
        cluster.createTopic("after-restart", 1, 1);
        assertThat(cluster.topicNames()).contains("orders", "after-restart");
    }

    @Test
    @Order(9)
    void closeKillsTheBrokerAndDeletesItsFiles() {
        KafkaCluster own = KafkaCluster.builder().build();
        assertThatThrownBy(own::bootstrapServers).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not started");
        own.start();
        long pid = own.node(1).pid();
        java.nio.file.Path directory = own.node(1).directory();

        own.close();

        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(directory).doesNotExist();
        assertThat(own.isStarted()).isFalse();
        assertThatThrownBy(own::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }
}
