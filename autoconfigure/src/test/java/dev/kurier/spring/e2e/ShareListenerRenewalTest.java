package dev.kurier.spring.e2e;

import static dev.kurier.spring.Eventually.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.KurierClient;
import dev.kurier.client.admin.Admin;
import dev.kurier.client.admin.AlterConfigOp;
import dev.kurier.client.admin.ConfigResource;
import dev.kurier.spring.annotation.KurierListener;
import dev.kurier.spring.core.KurierTemplate;
import dev.kurier.spring.listener.KurierListenerRegistry;
import dev.kurier.spring.listener.ShareListenerContainer;
import dev.kurier.spring.listener.ShareListenerContainer.Count;
import dev.kurier.testkit.junit.EmbeddedKafka;
import dev.kurier.testkit.junit.KafkaBrokerExtension;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * A share-group listener call that runs past the broker's acquisition lock keeps its record: the container renews
 * the lock every half lock (KIP-1222), so the other worker, polling all along, never gets it.
 */
@EmbeddedKafka
class ShareListenerRenewalTest {

    /** What the listener saw. */
    static final class Seen {
        final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        final CountDownLatch slowStarted = new CountDownLatch(1);
        final CountDownLatch finishSlow = new CountDownLatch(1);
    }

    static class Slow {
        final Seen seen;

        Slow(Seen seen) {
            this.seen = seen;
        }

        @KurierListener(id = "share-slow", topics = "share-slow", shareGroup = "slow-workers", concurrency = "2")
        void on(String value) throws InterruptedException {
            seen.calls.computeIfAbsent(value, k -> new AtomicInteger()).incrementAndGet();
            if (value.equals("slow")) {
                seen.slowStarted.countDown();
                seen.finishSlow.await(90, TimeUnit.SECONDS); // the test ends the "work", bounded
            }
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class SlowApp {
        @Bean
        Slow slow(Seen seen) {
            return new Slow(seen);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aCallLongerThanTheLockKeepsItsRecordAndNoOtherWorkerGetsIt() throws Exception {
        try (KurierClient client = KurierClient.create(dev.kurier.client.ClientConfig.builder()
                .bootstrapServers(KafkaBrokerExtension.sharedCluster().bootstrapServers()).build());
             Admin admin = client.admin()) {
            KafkaBrokerExtension.sharedCluster().createTopic("share-slow", 1, 1);
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.GROUP, "slow-workers"),
                    List.of(AlterConfigOp.set("share.auto.offset.reset", "earliest"),
                            AlterConfigOp.set("share.record.lock.duration.ms", "15000")))).all().get();
        }
        Seen seen = new Seen();
        try (ConfigurableApplicationContext ctx = new SpringApplicationBuilder(SlowApp.class)
                .web(WebApplicationType.NONE)
                .initializers(c -> c.getBeanFactory().registerSingleton("seen", seen))
                .properties("kurier.bootstrap-servers=" + KafkaBrokerExtension.sharedCluster().bootstrapServers(),
                        "kurier.listener.poll-timeout=200ms", "spring.main.banner-mode=off").run()) {
            KurierTemplate<String, String> template = ctx.getBean(KurierTemplate.class);
            template.send("share-slow", null, "slow").get();
            assertThat(seen.slowStarted.await(60, TimeUnit.SECONDS)).as("the slow call started").isTrue();
            long started = System.nanoTime();
            ShareListenerContainer c = ctx.getBean(KurierListenerRegistry.class).shareContainer("share-slow")
                    .orElseThrow();
            // the call outlives the 15 s lock by far, while the other worker polls
            waitFor(Duration.ofSeconds(60), "25 s into the call, renewed along the way",
                    () -> System.nanoTime() - started > TimeUnit.SECONDS.toNanos(25) && c.count(Count.RENEWED) >= 2);
            seen.finishSlow.countDown();
            // a sentinel after: once it is processed, a redelivery of "slow" would have come before it
            template.send("share-slow", null, "after").get();
            waitFor(Duration.ofSeconds(60), "both accepted", () -> c.count(Count.ACCEPTED) == 2);
            assertThat(seen.calls.get("slow").get()).as("calls with the slow record").isEqualTo(1);
            assertThat(seen.calls.get("after").get()).isEqualTo(1);
            assertThat(c.count(Count.LOCK_EXPIRED)).isZero();
            assertThat(c.count(Count.REDELIVERED)).isZero();
            assertThat(ctx.getBean(MeterRegistry.class).get("kurier.listener.share.renewed").tag("listener",
                    "share-slow").functionCounter().count()).isGreaterThanOrEqualTo(2);
        }
    }
}
