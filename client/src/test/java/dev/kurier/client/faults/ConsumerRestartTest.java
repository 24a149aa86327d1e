package dev.kurier.client.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.ClientConfig;
import dev.kurier.client.KurierClient;
import dev.kurier.client.consumer.Consumer;
import dev.kurier.client.consumer.ConsumerConfig;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.client.producer.Producer;
import dev.kurier.client.producer.ProducerConfig;
import dev.kurier.client.producer.ProducerRecord;
import dev.kurier.client.serialization.Serdes;
import dev.kurier.client.testing.Eventually;
import dev.kurier.testkit.KafkaCluster;
import dev.kurier.testkit.KafkaNode;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A group consumer keeps going through a broker restart (clean stop, and a crash) in the middle of consumption:
 * every record is read, and nothing is skipped; repeats can only come from the window not yet committed.
 */
class ConsumerRestartTest {

    private static final int RECORDS = 300_000;

    private static void run(boolean crash) {
        try (KafkaCluster kafka = KafkaCluster.builder().nodes(1).start();
             KurierClient client = KurierClient.create(ClientConfig.builder().bootstrapServers(kafka.bootstrapServers())
                     .requestTimeout(Duration.ofSeconds(10)).set("reconnect.backoff.max.ms", "500").build())) {
            kafka.createTopic("consumed", 3, 1);
            try (Producer<byte[], byte[]> p = client.producer(ProducerConfig.builder().batchSize(64 * 1024).build(),
                    Serdes.bytesSerializer(), Serdes.bytesSerializer())) {
                for (int i = 0; i < RECORDS; i++) {
                    p.send(new ProducerRecord<>("consumed", i % 3, null, null, ByteBuffer.allocate(100).putInt(i).array(),
                            List.of()));
                }
                p.flush();
            }
            KafkaNode node = kafka.nodes().get(0);
            BitSet seen = new BitSet(RECORDS);
            long[] reads = {0};
            boolean[] restarted = {false};
            try (Consumer<byte[], byte[]> c = client.consumer(ConsumerConfig.builder().groupId("restart-" + crash)
                    .autoOffsetReset("earliest").set("auto.commit.interval.ms", "1000")
                    .set("session.timeout.ms", "45000").build(), Serdes.bytesDeserializer(), Serdes.bytesDeserializer())) {
                c.subscribe(List.of("consumed"));
                Eventually.repeat(Duration.ofMinutes(3), "every record read through the restart", () -> {
                    for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                        seen.set(ByteBuffer.wrap(r.value()).getInt());
                        reads[0]++;
                    }
                    if (!restarted[0] && seen.cardinality() > RECORDS / 3) {
                        restarted[0] = true;
                        if (crash) {
                            node.crash();
                        } else {
                            node.stop();
                        }
                        node.start();
                    }
                    return seen.cardinality() >= RECORDS;
                });
            }
            assertThat(restarted[0]).isTrue();
            assertThat(seen.cardinality()).as("distinct records read").isEqualTo(RECORDS);
            // Repeats come only from what was read but not yet committed when the broker went away.
            assertThat(reads[0] - RECORDS).as("records read twice").isLessThan(RECORDS / 2);
        }
    }

    @Test
    void cleanRestartMidConsumptionLosesNothing() {
        run(false);
    }

    @Test
    void crashMidConsumptionLosesNothing() {
        run(true);
    }
}
