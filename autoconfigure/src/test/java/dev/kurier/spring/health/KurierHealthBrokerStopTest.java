package dev.kurier.spring.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.spring.Eventually;
import dev.kurier.spring.KurierAutoConfiguration;
import dev.kurier.testkit.KafkaCluster;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Health follows the broker (issue #5, item 7): UP while it answers, DOWN within a minute of it stopping, UP again once
 * it is back. Uses its own one-node cluster, since stopping the shared one would break other tests.
 */
class KurierHealthBrokerStopTest {

    static KafkaCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = KafkaCluster.builder().start();
    }

    @AfterAll
    static void closeCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void downWithinAMinuteOfTheBrokerStoppingAndUpWhenItReturns() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(KurierAutoConfiguration.class, KurierHealthAutoConfiguration.class))
                .withPropertyValues("kurier.bootstrap-servers=" + cluster.bootstrapServers(), "kurier.health.timeout=5s",
                        "kurier.request-timeout=5s")
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    KurierHealthIndicator health = ctx.getBean(KurierHealthIndicator.class);
                    Health up = health.health();
                    assertThat(up.getStatus()).as("%s", up.getDetails()).isEqualTo(Status.UP);
                    assertThat(up.getDetails()).containsEntry("brokers", 1);

                    cluster.node(1).stop();
                    long stoppedAt = System.nanoTime();
                    Health down = pollUntil(health, Status.DOWN, Duration.ofSeconds(60));
                    long tookMs = (System.nanoTime() - stoppedAt) / 1_000_000;
                    assertThat(tookMs).isLessThan(60_000);
                    assertThat((String) down.getDetails().get("error")).isNotBlank();

                    cluster.node(1).start();
                    Health again = pollUntil(health, Status.UP, Duration.ofSeconds(60));
                    assertThat(again.getDetails()).containsEntry("brokers", 1).containsKey("clusterId");
                });
    }

    /** Calls the indicator (as an actuator endpoint would) until it reports {@code wanted}; fails after {@code max}. */
    private static Health pollUntil(KurierHealthIndicator health, Status wanted, Duration max) {
        Health[] last = new Health[1];
        Eventually.waitFor(max, "health " + wanted, () -> {
            last[0] = health.health();
            return last[0].getStatus().equals(wanted);
        });
        return last[0];
    }
}
