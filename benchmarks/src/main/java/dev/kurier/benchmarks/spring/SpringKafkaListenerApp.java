package dev.kurier.benchmarks.spring;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.annotation.KafkaListener;

/** The same app on Spring for Apache Kafka: one {@code @KafkaListener} (group member, concurrency 1). */
@SpringBootConfiguration
@ImportAutoConfiguration(KafkaAutoConfiguration.class)
public class SpringKafkaListenerApp {

    /** Holds the counter of the current run (set before the context starts). */
    static volatile ReceiveCounter counter;

    /** The listener bean. */
    @Bean
    Listener benchListener() {
        return new Listener();
    }

    /** The listener. */
    public static class Listener {
        @KafkaListener(id = "bench", topics = "${bench.topic}", groupId = "${bench.group}")
        void on(byte[] value) {
            counter.received(value);
        }
    }
}
