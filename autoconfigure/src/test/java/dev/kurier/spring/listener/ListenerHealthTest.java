package dev.kurier.spring.listener;

import static dev.kurier.spring.Eventually.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.ClientConfig;
import dev.kurier.client.KurierClient;
import dev.kurier.client.admin.NewTopic;
import dev.kurier.client.errors.KurierException;
import dev.kurier.spring.KurierProperties.AckMode;
import dev.kurier.client.consumer.Ordering;
import dev.kurier.spring.health.KurierHealthIndicator;
import dev.kurier.testkit.junit.EmbeddedKafka;
import dev.kurier.testkit.junit.KafkaBrokerExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * Health reflects progress, not only that threads run: failing polls, a record stuck in a listener, lag growing while
 * nothing is acknowledged, a listener on a topic that does not exist (issue 19, defect 5). The cluster is real, so
 * the listener is the only reason for DOWN.
 */
@EmbeddedKafka
class ListenerHealthTest {

    private static final String T = "health-orders";
    private static final Duration STUCK = Duration.ofMillis(300);

    private final FakeLog log = new FakeLog(T, 1);
    private final CountDownLatch release = new CountDownLatch(1);
    private KurierClient client;
    private ListenerContainer container;
    private FakeRecordSource source;
    private final KurierListenerRegistry registry = new KurierListenerRegistry();

    @BeforeAll
    static void topic() {
        try (KurierClient c = KurierClient.create(ClientConfig.builder()
                .bootstrapServers(KafkaBrokerExtension.sharedCluster().bootstrapServers()).build())) {
            c.admin().createTopics(List.of(NewTopic.of(T, 1, 1))).all().join();
        }
    }

    @BeforeEach
    void client() {
        client = KurierClient.create(ClientConfig.builder()
                .bootstrapServers(KafkaBrokerExtension.sharedCluster().bootstrapServers()).build());
    }

    @AfterEach
    void close() {
        release.countDown();
        if (container != null) {
            container.stop();
        }
        client.close();
    }

    private ListenerContainer start(String topic, AckMode ackMode, RecordHandler handler) {
        ContainerSettings settings = new ContainerSettings(Duration.ofMillis(50), Duration.ofSeconds(5), 100,
                Duration.ofSeconds(30), Duration.ofMillis(50), Duration.ofMillis(20), Duration.ofSeconds(10));
        ListenerEndpoint endpoint = new ListenerEndpoint("health", List.of(topic), null, List.of(), null, 1,
                Ordering.PARTITION, false, ackMode, true, Map.of());
        container = new ListenerContainer(endpoint, handler, new LoggingErrorHandler(), () -> {
            source = new FakeRecordSource(log, 50, 0);
            return source;
        }, settings, ListenerObserver.NOOP);
        registry.register(container);
        container.start();
        waitFor(Duration.ofSeconds(5), "running", () -> container.state() == ContainerState.RUNNING);
        return container;
    }

    private Health health() {
        return new KurierHealthIndicator(client, registry, Duration.ofSeconds(10), null, STUCK).health();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> listener(Health h) {
        return ((Map<String, Map<String, Object>>) h.getDetails().get("listeners")).get("health");
    }

    @Test
    void upWhileRecordsFlow() {
        log.append(T, 0, null, "v");
        start(T, AckMode.AUTO, (records, ack) -> { });
        waitFor(Duration.ofSeconds(5), "processed", () -> container.pendingRecords() == 0
                && container.resumeOffsets().size() == 1);
        Health h = health();
        assertThat(h.getStatus()).as("%s", h.getDetails()).isEqualTo(Status.UP);
    }

    @Test
    void downWhenEveryPollFails() {
        start(T, AckMode.AUTO, (records, ack) -> { });
        source.failPolls = new KurierException("not authorized to read topic " + T);
        waitFor(Duration.ofSeconds(5), "DOWN", () -> health().getStatus().equals(Status.DOWN));
        assertThat(listener(health()).get("error").toString()).contains("not authorized");
        source.failPolls = null;
        waitFor(Duration.ofSeconds(5), "UP again once polls work", () -> health().getStatus().equals(Status.UP));
    }

    @Test
    void downWhenARecordIsStuckInTheListener() {
        log.append(T, 0, null, "slow");
        start(T, AckMode.AUTO, (records, ack) -> release.await(30, TimeUnit.SECONDS));
        waitFor(Duration.ofSeconds(5), "DOWN", () -> health().getStatus().equals(Status.DOWN));
        assertThat(listener(health()).get("stuck").toString()).contains(T + "-0@0");
        release.countDown();
        waitFor(Duration.ofSeconds(5), "UP once it returns", () -> health().getStatus().equals(Status.UP));
    }

    @Test
    void downWhenLagGrowsWhileNothingIsAcknowledged() {
        start(T, AckMode.MANUAL, (records, ack) -> { }); // never acknowledges
        log.append(T, 0, null, "first");
        waitFor(Duration.ofSeconds(5), "DOWN", () -> {
            log.append(T, 0, null, "more"); // lag keeps growing
            return health().getStatus().equals(Status.DOWN);
        });
        assertThat(listener(health()).get("noProgress").toString()).contains("acknowledged");
    }

    @Test
    void downWhenAListenedTopicDoesNotExist() {
        start("no-such-topic-" + System.nanoTime(), AckMode.AUTO, (records, ack) -> { });
        Health h = health();
        assertThat(h.getStatus()).isEqualTo(Status.DOWN);
        assertThat(listener(h).get("missingTopics").toString()).contains("no-such-topic-");
    }
}
