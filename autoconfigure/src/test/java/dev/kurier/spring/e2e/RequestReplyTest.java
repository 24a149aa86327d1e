package dev.kurier.spring.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kurier.client.KurierClient;
import dev.kurier.client.admin.NewTopic;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.spring.annotation.KurierListener;
import dev.kurier.spring.annotation.KurierSendTo;
import dev.kurier.spring.convert.PayloadConverter;
import dev.kurier.spring.core.KurierReplyTimeoutException;
import dev.kurier.spring.core.KurierReplyingTemplate;
import dev.kurier.spring.core.KurierTemplate;
import dev.kurier.testkit.junit.EmbeddedKafka;
import dev.kurier.testkit.junit.KafkaBrokerExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/** Request/reply: a {@link KurierReplyingTemplate} asks, a {@code @KurierSendTo} listener answers where it is told. */
@EmbeddedKafka
class RequestReplyTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        NewTopic requests() {
            return NewTopic.of("rr-requests", 2, 1);
        }

        @Bean
        NewTopic replies() {
            return NewTopic.of("rr-replies", 2, 1);
        }

        @Bean
        NewTopic unanswered() {
            return NewTopic.of("rr-unanswered", 1, 1);
        }

        @KurierListener(id = "doubler", topics = "rr-requests", groupId = "doubler")
        @KurierSendTo
        String onRequest(String value) {
            return value + value;
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRequestGetsItsReplyAndAnUnansweredOneTimesOut() throws Exception {
        try (ConfigurableApplicationContext ctx = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
                .properties("kurier.bootstrap-servers=" + KafkaBrokerExtension.sharedCluster().bootstrapServers(),
                        "kurier.consumer.auto-offset-reset=earliest", "kurier.admin.fail-fast=true",
                        "kurier.listener.poll-timeout=100ms", "spring.main.banner-mode=off").run();
             KurierReplyingTemplate<String, String, String> requester = new KurierReplyingTemplate<>(
                     ctx.getBean(KurierTemplate.class), ctx.getBean(KurierClient.class), "rr-replies", String.class, String.class,
                     ctx.getBean(PayloadConverter.class), Duration.ofSeconds(30))) {
            List<CompletableFuture<ConsumerRecord<String, String>>> replies = List.of(
                    requester.sendAndReceive("rr-requests", "k1", "ab"),
                    requester.sendAndReceive("rr-requests", "k2", "cd"));
            assertThat(replies.get(0).get(30, TimeUnit.SECONDS).value()).isEqualTo("abab");
            ConsumerRecord<String, String> second = replies.get(1).get(30, TimeUnit.SECONDS);
            assertThat(second.value()).isEqualTo("cdcd");
            assertThat(second.key()).isEqualTo("k2");
            assertThat(second.topic()).isEqualTo("rr-replies");

            CompletableFuture<ConsumerRecord<String, String>> none = requester.sendAndReceive(
                    dev.kurier.client.producer.ProducerRecord.of("rr-unanswered", "k", "hello?"), Duration.ofMillis(500));
            assertThatThrownBy(() -> none.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(KurierReplyTimeoutException.class)
                    .hasMessageContaining("rr-unanswered").hasMessageContaining("500 ms");
        }
    }
}
