package dev.kurier.benchmarks.spring;

import java.util.List;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Spring for Apache Kafka with the settings its documentation recommends for throughput: a batch listener, one
 * consumer per partition ({@code concurrency} = partitions), and larger polls (set by {@link ListenerThroughput}).
 */
@SpringBootConfiguration
@ImportAutoConfiguration(KafkaAutoConfiguration.class)
public class SpringKafkaTunedListenerApp {

    /** Holds the counter of the current run (set before the context starts). */
    static volatile ReceiveCounter counter;

    /** The listener bean. */
    @Bean
    Listener benchListener() {
        return new Listener();
    }

    /** The listener. */
    public static class Listener {
        @KafkaListener(id = "bench-tuned", topics = "${bench.topic}", groupId = "${bench.group}", batch = "true",
                concurrency = "${bench.partitions}")
        void on(List<byte[]> values) {
            for (byte[] v : values) {
                counter.received(v);
            }
        }
    }
}
