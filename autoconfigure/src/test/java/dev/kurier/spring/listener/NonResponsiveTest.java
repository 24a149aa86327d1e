package dev.kurier.spring.listener;

import static dev.kurier.spring.Eventually.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** A running container whose poll loop is stuck is reported once per episode. */
class NonResponsiveTest {

    @Test
    void aStuckPollLoopIsReportedOnce() {
        FakeLog log = new FakeLog("orders", 1);
        List<Duration> reports = new CopyOnWriteArrayList<>();
        FakeRecordSource[] source = new FakeRecordSource[1];
        ListenerContainer c = new ListenerContainer(ListenerEndpoint.of("stuck", "orders"), (records, ack) -> { },
                new LoggingErrorHandler(), () -> source[0] = new FakeRecordSource(log, 10, 0),
                new ContainerSettings(Duration.ofMillis(20), Duration.ofSeconds(5), 100, Duration.ofSeconds(30),
                        Duration.ZERO, Duration.ofMillis(20)), new ListenerObserver() {
                    @Override
                    public void nonResponsive(ListenerContainer container, Duration sinceLastPoll) {
                        reports.add(sinceLastPoll);
                    }
                });
        c.start();
        try {
            waitFor(Duration.ofSeconds(5), "running", () -> c.state() == ContainerState.RUNNING);
            assertThat(c.checkResponsive(Duration.ofMillis(500))).isFalse();
            CountDownLatch release = new CountDownLatch(1);
            source[0].blockPolls = release;
            waitFor(Duration.ofSeconds(5), "reported", () -> c.checkResponsive(Duration.ofMillis(300)));
            assertThat(c.checkResponsive(Duration.ofMillis(300))).isTrue();
            assertThat(reports).hasSize(1); // once per episode
            assertThat(reports.get(0)).isGreaterThan(Duration.ofMillis(300));
            source[0].blockPolls = null;
            release.countDown();
            waitFor(Duration.ofSeconds(5), "responsive again", () -> !c.checkResponsive(Duration.ofMillis(300)));
            assertThat(c.noPollThreshold()).isEqualTo(Duration.ofSeconds(30));
        } finally {
            c.stop();
        }
    }
}
