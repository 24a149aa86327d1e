package dev.kurier.client.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.ClientConfig;
import dev.kurier.client.KurierClient;
import dev.kurier.client.admin.Admin;
import dev.kurier.client.testing.DroppingProxy;
import dev.kurier.testkit.KafkaCluster;
import dev.kurier.testkit.junit.EmbeddedKafka;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A connection lost during bootstrap is retried, with backoff, until the request's deadline, as kafka-clients does:
 * a broker (or load balancer) that drops the first connection right after the first request must not fail the
 * client at once.
 */
@EmbeddedKafka
class BootstrapRetryTest {

    @Test
    void aBootstrapConnectionDroppedAfterTheFirstRequestIsRetried(KafkaCluster kafka) throws Exception {
        try (DroppingProxy proxy = new DroppingProxy(kafka.nodes().get(0).port(), 1);
             KurierClient client = KurierClient.create(ClientConfig.builder().bootstrapServers(proxy.address())
                     .requestTimeout(Duration.ofSeconds(10)).build());
             Admin admin = client.admin()) {
            assertThat(admin.describeCluster().get(20, TimeUnit.SECONDS).brokers()).isNotEmpty();
            assertThat(proxy.dropped()).isEqualTo(1);
        }
    }
}
