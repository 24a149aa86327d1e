package dev.kurier.client.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kurier.client.ClientConfig;
import dev.kurier.client.config.ConfigException;
import dev.kurier.client.consumer.ConsumerConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Group settings come from Kafka's consumer keys, with kafka-clients' defaults, and bad values name the key. */
class GroupConfigTest {

    private static final ClientConfig CLIENT = ClientConfig.builder().bootstrapServers("localhost:9092")
            .clientId("c").build();

    @Test
    void defaultsMatchKafkaClientsAndPykafka() {
        GroupConfig c = dev.kurier.client.consumer.internals.GroupConfigs.of(CLIENT, ConsumerConfig.builder().groupId("g").build());
        assertThat(c.assignors()).containsExactly("range", "cooperative-sticky");
        assertThat(c.sessionTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(c.heartbeatInterval()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.rebalanceTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.defaultApiTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.commitMaxRetries()).isEqualTo(5);
        assertThat(c.commitRetryBackoff()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.groupInstanceId()).isNull();
        assertThat(c.isStatic()).isFalse();
        assertThat(c.requireStableOffsets()).isFalse();
    }

    @Test
    void keysAreReadByTheirKafkaNames() {
        GroupConfig c = dev.kurier.client.consumer.internals.GroupConfigs.of(CLIENT, ConsumerConfig.builder().groupId("g")
                .set("group.instance.id", "i-1").set("partition.assignment.strategy", "roundrobin, range")
                .set("offsets.commit.max.retries", "2").set("offsets.retry.backoff.ms", "250")
                .set("isolation.level", "read_committed").build());
        assertThat(c.groupInstanceId()).isEqualTo("i-1");
        assertThat(c.assignors()).isEqualTo(List.of("roundrobin", "range"));
        assertThat(c.commitMaxRetries()).isEqualTo(2);
        assertThat(c.commitRetryBackoff()).isEqualTo(Duration.ofMillis(250));
        assertThat(c.requireStableOffsets()).isTrue();
    }

    @Test
    void badValuesNameTheKey() {
        assertThatThrownBy(() -> dev.kurier.client.consumer.internals.GroupConfigs.of(CLIENT, ConsumerConfig.defaults()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("group.id");
        assertThatThrownBy(() -> dev.kurier.client.consumer.internals.GroupConfigs.of(CLIENT, ConsumerConfig.builder().groupId("g")
                .set("heartbeat.interval.ms", 10_000).set("session.timeout.ms", 6000).build()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("heartbeat.interval.ms")
                .hasMessageContaining("session.timeout.ms");
        assertThatThrownBy(() -> dev.kurier.client.consumer.internals.GroupConfigs.of(CLIENT, ConsumerConfig.builder().groupId("g")
                .set("offsets.commit.max.retries", -1).build()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("offsets.commit.max.retries");
    }
}
