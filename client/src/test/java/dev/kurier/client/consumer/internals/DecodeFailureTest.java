package dev.kurier.client.consumer.internals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.ClientConfig;
import dev.kurier.client.KurierClient;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.Consumer;
import dev.kurier.client.consumer.ConsumerConfig;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.client.producer.Producer;
import dev.kurier.client.producer.ProducerConfig;
import dev.kurier.client.producer.ProducerRecord;
import dev.kurier.client.protocol.compression.CompressionType;
import dev.kurier.client.protocol.compression.CompressionUnavailableException;
import dev.kurier.client.serialization.Serdes;
import dev.kurier.testkit.KafkaCluster;
import dev.kurier.testkit.junit.EmbeddedKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A batch that cannot be decoded for a reason other than corruption (a missing codec library, exhausted memory)
 * fails the poll and stays where it is: the next polls fail again while the cause lasts, and once it is gone the
 * batch's records come, none skipped.
 */
@EmbeddedKafka
class DecodeFailureTest {

    @AfterEach
    void restore() {
        FetchedRecords.opener = null;
    }

    @Test
    void aBatchThatCannotBeDecodedIsRetriedNotSkipped(KafkaCluster kafka) {
        kafka.createTopic("decode-failure", 1, 1);
        try (KurierClient client = KurierClient.create(ClientConfig.builder().bootstrapServers(kafka.bootstrapServers())
                .build())) {
            try (Producer<String, String> p = client.producer(ProducerConfig.defaults(), Serdes.stringSerializer(),
                    Serdes.stringSerializer())) {
                for (int batch = 0; batch < 3; batch++) {
                    for (int i = 0; i < 100; i++) {
                        p.send(ProducerRecord.of("decode-failure", "k", "v" + (batch * 100 + i)));
                    }
                    p.flush(); // one batch per hundred
                }
            }
            AtomicInteger failures = new AtomicInteger(2);
            FetchedRecords.opener = b -> {
                if (b.baseOffset() == 100 && failures.getAndDecrement() > 0) {
                    throw new CompressionUnavailableException(CompressionType.SNAPPY, "compression.type=snappy needs org.xerial.snappy:snappy-java (test)", null);
                }
                return b.records();
            };
            try (Consumer<String, String> c = client.consumer(ConsumerConfig.builder().autoOffsetReset("earliest")
                    .build(), Serdes.stringDeserializer(), Serdes.stringDeserializer())) {
                c.assign(List.of(new TopicPartition("decode-failure", 0)));
                List<Long> offsets = new ArrayList<>();
                int[] decodeErrors = {0};
                dev.kurier.client.testing.Eventually.repeat(Duration.ofSeconds(30), "300 records", () -> {
                    try {
                        for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                            offsets.add(r.offset());
                        }
                    } catch (CompressionUnavailableException e) {
                        decodeErrors[0]++;
                        assertThat(offsets).as("the records before the batch came first").hasSize(100);
                    }
                    return offsets.size() >= 300;
                });
                int errors = decodeErrors[0];
                assertThat(errors).as("each failure reported").isEqualTo(2);
                assertThat(offsets).hasSize(300);
                for (int i = 0; i < offsets.size(); i++) {
                    assertThat(offsets.get(i)).as("record %d: none skipped, none repeated", i).isEqualTo(i);
                }
            }
        }
    }
}
