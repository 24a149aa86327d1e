package dev.kurier.spring.e2e;

import static dev.kurier.spring.Eventually.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.ClientConfig;
import dev.kurier.client.KurierClient;
import dev.kurier.client.admin.NewTopic;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.client.producer.Producer;
import dev.kurier.client.producer.ProducerConfig;
import dev.kurier.client.producer.ProducerRecord;
import dev.kurier.client.serialization.Serdes;
import dev.kurier.spring.annotation.KurierListener;
import dev.kurier.spring.annotation.KurierPartitionOffset;
import dev.kurier.spring.annotation.KurierTopicPartition;
import dev.kurier.testkit.junit.EmbeddedKafka;
import dev.kurier.testkit.junit.KafkaBrokerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** {@code topicPartitions}: exact partitions per topic, some from an initial offset (absolute or from the end). */
@EmbeddedKafka
class TopicPartitionsTest {

    private static final String TOPIC = "tp-orders";
    static final List<String> SEEN = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void produce() {
        try (KurierClient client = KurierClient.create(ClientConfig.builder()
                .bootstrapServers(KafkaBrokerExtension.sharedCluster().bootstrapServers()).build());
             Producer<String, String> p = client.producer(ProducerConfig.defaults(), Serdes.stringSerializer(),
                     Serdes.stringSerializer())) {
            client.admin().createTopics(List.of(NewTopic.of(TOPIC, 4, 1))).all().join();
            List<CompletableFuture<?>> sent = new ArrayList<>();
            for (int part = 0; part < 4; part++) {
                for (int i = 0; i < 10; i++) {
                    sent.add(p.send(new ProducerRecord<>(TOPIC, part, null, null, part + "@" + i, List.of())));
                }
            }
            sent.forEach(CompletableFuture::join);
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @KurierListener(id = "replay", topicPartitions = @KurierTopicPartition(topic = TOPIC, partitions = "0",
                partitionOffsets = {@KurierPartitionOffset(partition = "1", initialOffset = "7"),
                        @KurierPartitionOffset(partition = "2", initialOffset = "-2")}))
        void on(ConsumerRecord<String, String> r) {
            SEEN.add(r.value());
        }
    }

    @Test
    void readsExactlyThePartitionsFromTheirInitialOffsets() {
        SEEN.clear();
        try (ConfigurableApplicationContext ctx = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
                .properties("kurier.bootstrap-servers=" + KafkaBrokerExtension.sharedCluster().bootstrapServers(),
                        "kurier.consumer.auto-offset-reset=earliest", "kurier.listener.poll-timeout=100ms",
                        "spring.main.banner-mode=off").run()) {
            waitFor(Duration.ofSeconds(30), "15 records", () -> SEEN.size() >= 15);
            assertThat(SEEN).containsExactlyInAnyOrder("0@0", "0@1", "0@2", "0@3", "0@4", "0@5", "0@6", "0@7", "0@8",
                    "0@9", "1@7", "1@8", "1@9", "2@8", "2@9");
        }
    }
}
