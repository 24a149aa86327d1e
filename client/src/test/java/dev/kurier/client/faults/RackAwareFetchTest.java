package dev.kurier.client.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.ClientConfig;
import dev.kurier.client.KurierClient;
import dev.kurier.client.cluster.PartitionInfo;
import dev.kurier.client.common.Node;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.Consumer;
import dev.kurier.client.consumer.ConsumerConfig;
import dev.kurier.client.network.Endpoint;
import dev.kurier.client.network.NetworkListener;
import dev.kurier.client.producer.Producer;
import dev.kurier.client.producer.ProducerConfig;
import dev.kurier.client.producer.ProducerRecord;
import dev.kurier.client.protocol.ApiKey;
import dev.kurier.client.serialization.Serdes;
import dev.kurier.client.testing.Eventually;
import dev.kurier.testkit.KafkaCluster;
import dev.kurier.testkit.KafkaClusterBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * KIP-392: a consumer with {@code client.rack} fetches from the replica in its rack that the leader names, and
 * reads every record in order from there (issue 18, fetch from the closest replica).
 */
class RackAwareFetchTest {

    @Test
    @Timeout(180)
    void aConsumerFetchesFromTheReplicaInItsRack() throws Exception {
        KafkaClusterBuilder builder = KafkaCluster.builder().nodes(3)
                .brokerProperty("replica.selector.class", "org.apache.kafka.common.replica.RackAwareReplicaSelector");
        for (int id = 1; id <= 3; id++) {
            builder.nodeProperty(id, "broker.rack", "rack-" + id);
        }
        String topic = "racked";
        TopicPartition tp = new TopicPartition(topic, 0);
        Map<Endpoint, AtomicInteger> fetches = new ConcurrentHashMap<>();
        NetworkListener counting = new NetworkListener() {
            @Override
            public void requestCompleted(Endpoint broker, ApiKey api, long latencyNanos, boolean success) {
                if (api == ApiKey.FETCH && success) {
                    fetches.computeIfAbsent(broker, b -> new AtomicInteger()).incrementAndGet();
                }
            }
        };
        try (KafkaCluster kafka = builder.start()) {
            kafka.createTopic(topic, 1, 3);
            try (KurierClient client = KurierClient.create(ClientConfig.builder()
                    .bootstrapServers(kafka.bootstrapServers()).clientId("racked").build(), counting)) {
                PartitionInfo p = client.metadata().awaitTopic(topic, Duration.ofSeconds(30)).join().partitions().get(0);
                int follower = p.replicas().stream().filter(r -> r != p.leader()).findFirst().orElseThrow();
                Node followerNode = client.metadata().snapshot().node(follower);
                try (Producer<String, String> producer = client.producer(ProducerConfig.defaults(),
                        Serdes.stringSerializer(), Serdes.stringSerializer())) {
                    for (int i = 0; i < 2_000; i++) {
                        producer.send(ProducerRecord.of(topic, "k", Integer.toString(i)));
                    }
                    producer.flush();
                }
                List<String> read = new ArrayList<>();
                try (Consumer<String, String> consumer = client.consumer(ConsumerConfig.builder()
                        .autoOffsetReset("earliest").set("client.rack", "rack-" + follower).build(),
                        Serdes.stringDeserializer(), Serdes.stringDeserializer())) {
                    consumer.assign(List.of(tp));
                    Eventually.waitFor(Duration.ofSeconds(60), "every record read", () -> {
                        consumer.poll(Duration.ofMillis(100)).forEach(r -> read.add(r.value()));
                        return read.size() >= 2_000;
                    });
                }
                for (int i = 0; i < 2_000; i++) {
                    assertThat(read.get(i)).isEqualTo(Integer.toString(i));
                }
                Endpoint followerEndpoint = new Endpoint(followerNode.host(), followerNode.port());
                assertThat(fetches.getOrDefault(followerEndpoint, new AtomicInteger()).get())
                        .as("fetches from the follower in rack-" + follower + " (all fetches: " + fetches + ")")
                        .isPositive();
            }
        }
    }
}
