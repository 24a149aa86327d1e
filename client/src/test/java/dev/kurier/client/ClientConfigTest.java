package dev.kurier.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kurier.client.config.ConfigException;
import dev.kurier.client.consumer.ConsumerConfig;
import dev.kurier.client.producer.ProducerConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Config errors name the key and what is allowed; typos are caught; shared files work. */
class ClientConfigTest {

    @Test
    void bootstrapServersIsRequired() {
        assertThatThrownBy(() -> ClientConfig.from(Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("bootstrap.servers");
    }

    @Test
    void malformedAddressNamesTheKeyAndEntry() {
        assertThatThrownBy(() -> ClientConfig.from(Map.of("bootstrap.servers", "localhost")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("bootstrap.servers")
                .hasMessageContaining("'localhost' is not HOST:PORT");
    }

    @Test
    void typoIsRejectedWithASuggestion() {
        assertThatThrownBy(() -> ProducerConfig.from(Map.of("linger.msx", "5"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("linger.msx").hasMessageContaining("did you mean 'linger.ms'");
    }

    @Test
    void badValuesNameTheKeyAndTheAllowedValues() {
        assertThatThrownBy(() -> ProducerConfig.from(Map.of("acks", "2"))).hasMessageContaining("acks")
                .hasMessageContaining("0, 1, all, -1");
        assertThatThrownBy(() -> ConsumerConfig.from(Map.of("fetch.max.wait.ms", "soon")))
                .hasMessageContaining("fetch.max.wait.ms").hasMessageContaining("soon");
        assertThatThrownBy(() -> ClientConfig.from(Map.of("bootstrap.servers", "a:1", "max.in.flight.requests.per.connection", "0")))
                .hasMessageContaining("max.in.flight.requests.per.connection").hasMessageContaining("between 1 and");
        assertThatThrownBy(() -> ConsumerConfig.from(Map.of("check.crcs", "yes"))).hasMessageContaining("check.crcs")
                .hasMessageContaining("true or false");
    }

    @Test
    void aSharedPropertiesMapWorksForEveryClientType() {
        Map<String, Object> shared = Map.of("bootstrap.servers", "a:1,b:2", "linger.ms", "20", "group.id", "g",
                "request.timeout.ms", Duration.ofSeconds(7));
        ClientConfig c = ClientConfig.from(shared);
        assertThat(c.bootstrapEndpoints()).hasSize(2);
        assertThat(c.get(ClientConfig.REQUEST_TIMEOUT_MS)).isEqualTo(Duration.ofSeconds(7));
        assertThat(ProducerConfig.from(shared).get(ProducerConfig.LINGER_MS)).isEqualTo(Duration.ofMillis(20));
        assertThat(ConsumerConfig.from(shared).get(ConsumerConfig.GROUP_ID)).isEqualTo("g");
    }

    @Test
    void idempotenceNeedsAcksAll() {
        assertThatThrownBy(() -> ProducerConfig.builder().acks("1").set("enable.idempotence", "true").build())
                .isInstanceOf(ConfigException.class).hasMessageContaining("enable.idempotence").hasMessageContaining("acks=all");
        assertThat(ProducerConfig.builder().acks("1").set("enable.idempotence", "false").build().acks()).isEqualTo((short) 1);
    }
}
