package dev.kurier.spring.listener;

import static dev.kurier.spring.Eventually.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.Ordering;
import dev.kurier.spring.KurierProperties.AckMode;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A {@link SeekAware} listener hears of its partitions and picks where reading starts. */
class SeekAwareTest {

    private static final String T = "orders";

    private final FakeLog log = new FakeLog(T, 2);
    private ListenerContainer container;

    @AfterEach
    void stop() {
        if (container != null) {
            container.stop();
        }
    }

    @Test
    void seeksOnAssignmentDecideWhereReadingStartsAndRevocationsAreReported() {
        for (int i = 0; i < 10; i++) {
            log.append(T, 0, null, "p0-" + i);
            log.append(T, 1, null, "p1-" + i);
        }
        TopicPartition p0 = new TopicPartition(T, 0);
        TopicPartition p1 = new TopicPartition(T, 1);
        List<String> seen = new CopyOnWriteArrayList<>();
        List<String> heard = new CopyOnWriteArrayList<>();
        ContainerSettings settings = new ContainerSettings(Duration.ofMillis(50), Duration.ofSeconds(5), 100,
                Duration.ofSeconds(30), Duration.ZERO, Duration.ofMillis(20), Duration.ofSeconds(10));
        ListenerEndpoint endpoint = new ListenerEndpoint("seeking", List.of(T), null, List.of(), null, 1,
                Ordering.PARTITION, false, AckMode.AUTO, true, Map.of());
        FakeRecordSource[] source = new FakeRecordSource[1];
        container = new ListenerContainer(endpoint, (records, ack) -> seen.add(new String(records.get(0).value())),
                new LoggingErrorHandler(), () -> source[0] = new FakeRecordSource(log, 50, 0), settings,
                ListenerObserver.NOOP);
        container.setSeekAware(new SeekAware() {
            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions, SeekCallback seek) {
                heard.add("assigned " + partitions.size());
                seek.seek(p0, 7);
                seek.seekToEnd(List.of(p1));
            }

            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions, boolean lost) {
                heard.add("revoked " + partitions);
            }
        });
        container.start();
        waitFor(Duration.ofSeconds(5), "p0 from 7", () -> seen.size() == 3);
        log.append(T, 1, null, "p1-new");
        waitFor(Duration.ofSeconds(5), "p1 only new records", () -> seen.size() == 4);
        assertThat(seen).containsExactly("p0-7", "p0-8", "p0-9", "p1-new");
        source[0].revokeNext = List.of(p0);
        waitFor(Duration.ofSeconds(5), "revocation heard", () -> heard.size() == 2);
        assertThat(heard).containsExactly("assigned 2", "revoked [" + p0 + "]");
    }
}
