package dev.kurier.spring.e2e;

import static dev.kurier.spring.Eventually.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.ClientConfig;
import dev.kurier.client.KurierClient;
import dev.kurier.client.admin.NewTopic;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.producer.Producer;
import dev.kurier.client.producer.ProducerConfig;
import dev.kurier.client.producer.ProducerRecord;
import dev.kurier.client.serialization.Serdes;
import dev.kurier.spring.annotation.KurierListener;
import dev.kurier.spring.listener.SeekAware;
import dev.kurier.testkit.junit.EmbeddedKafka;
import dev.kurier.testkit.junit.KafkaBrokerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
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
import org.springframework.context.annotation.Bean;

/** A {@link SeekAware} group listener on a real broker seeks inside the rebalance, before any record is read. */
@EmbeddedKafka
class SeekAwareGroupTest {

    private static final String TOPIC = "seek-orders";
    static final List<String> SEEN = new CopyOnWriteArrayList<>();
    static final List<String> HEARD = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void produce() {
        try (KurierClient client = KurierClient.create(ClientConfig.builder()
                .bootstrapServers(KafkaBrokerExtension.sharedCluster().bootstrapServers()).build());
             Producer<String, String> p = client.producer(ProducerConfig.defaults(), Serdes.stringSerializer(),
                     Serdes.stringSerializer())) {
            client.admin().createTopics(List.of(NewTopic.of(TOPIC, 2, 1))).all().join();
            List<CompletableFuture<?>> sent = new ArrayList<>();
            for (int part = 0; part < 2; part++) {
                for (int i = 0; i < 10; i++) {
                    sent.add(p.send(new ProducerRecord<>(TOPIC, part, null, null, part + "@" + i, List.of())));
                }
            }
            sent.forEach(CompletableFuture::join);
        }
    }

    static class Listener implements SeekAware {
        @KurierListener(id = "seeker", topics = TOPIC, groupId = "seekers")
        void on(String value) {
            SEEN.add(value);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions, SeekCallback seek) {
            HEARD.add("assigned " + partitions.size());
            seek.seek(new TopicPartition(TOPIC, 0), 8);
            seek.seekToEnd(List.of(new TopicPartition(TOPIC, 1)));
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        Listener listener() {
            return new Listener();
        }
    }

    @Test
    void seeksInsideTheRebalanceDecideWhereTheGroupReads() {
        try (ConfigurableApplicationContext ctx = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
                .properties("kurier.bootstrap-servers=" + KafkaBrokerExtension.sharedCluster().bootstrapServers(),
                        "kurier.consumer.auto-offset-reset=earliest", "kurier.listener.poll-timeout=100ms",
                        "spring.main.banner-mode=off").run()) {
            waitFor(Duration.ofSeconds(30), "two records of partition 0", () -> SEEN.size() >= 2);
            assertThat(HEARD).containsExactly("assigned 2");
            assertThat(SEEN).containsExactlyInAnyOrder("0@8", "0@9");
        }
    }
}
