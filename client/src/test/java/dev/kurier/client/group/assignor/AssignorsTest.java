package dev.kurier.client.group.assignor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kurier.client.config.ConfigException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** partition.assignment.strategy: names, kafka-clients class names, custom classes, and the protocol chosen. */
class AssignorsTest {

    /** A custom assignor that gives everything to the first member. */
    public static final class FirstTakesAll implements ConsumerPartitionAssignor {
        @Override
        public String name() {
            return "first-takes-all";
        }

        @Override
        public Map<String, Assignment> assign(Map<String, Integer> partitionsPerTopic,
                                              Map<String, Subscription> subscriptions) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void builtInAndKafkaClientsNames() {
        assertThat(Assignors.create(List.of("range", "roundrobin", "cooperative-sticky")))
                .extracting(ConsumerPartitionAssignor::name)
                .containsExactly("range", "roundrobin", "cooperative-sticky");
        assertThat(Assignors.create(List.of("org.apache.kafka.clients.consumer.CooperativeStickyAssignor",
                "org.apache.kafka.clients.consumer.RangeAssignor")))
                .extracting(ConsumerPartitionAssignor::name).containsExactly("cooperative-sticky", "range");
        assertThat(Assignors.create(List.of(FirstTakesAll.class.getName())).get(0)).isInstanceOf(FirstTakesAll.class);
    }

    @Test
    void protocolIsTheNewestAllAssignorsSupport() {
        assertThat(Assignors.protocolFor(Assignors.create(Assignors.DEFAULT))).isEqualTo(RebalanceProtocol.EAGER);
        assertThat(Assignors.protocolFor(Assignors.create(List.of("cooperative-sticky"))))
                .isEqualTo(RebalanceProtocol.COOPERATIVE);
    }

    @Test
    void badListsNameTheKey() {
        assertThatThrownBy(() -> Assignors.create(List.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("partition.assignment.strategy");
        assertThatThrownBy(() -> Assignors.create(List.of("range", "range"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> Assignors.create(List.of("no.such.Assignor"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("no.such.Assignor");
        assertThatThrownBy(() -> Assignors.create(List.of("java.lang.String"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("does not implement");
        assertThatThrownBy(() -> Assignors.create(List.of("sticky"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("cooperative-sticky");
    }
}
