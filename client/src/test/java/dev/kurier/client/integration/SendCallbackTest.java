package dev.kurier.client.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.KurierClient;
import dev.kurier.client.producer.Producer;
import dev.kurier.client.producer.ProducerConfig;
import dev.kurier.client.producer.ProducerRecord;
import dev.kurier.client.producer.RecordMetadata;
import dev.kurier.client.producer.RecordTooLargeException;
import dev.kurier.client.serialization.Serdes;
import dev.kurier.testkit.KafkaCluster;
import dev.kurier.testkit.junit.EmbeddedKafka;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Delivery reports: {@code send(record, callback)} calls back once per record, in order, whatever a callback does. */
@EmbeddedKafka
class SendCallbackTest {

    @Test
    void callbacksComeOncePerRecordInOffsetOrderEvenWhenOneThrows(KafkaCluster kafka) {
        kafka.createTopic("callbacks", 1, 1);
        int n = 5_000;
        List<Long> offsets = Collections.synchronizedList(new ArrayList<>());
        List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
        try (KurierClient client = RoundTripTest.client(kafka);
             Producer<String, String> producer = client.producer(ProducerConfig.builder().batchSize(4096).build(),
                     Serdes.stringSerializer(), Serdes.stringSerializer())) {
            List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(producer.send(ProducerRecord.of("callbacks", "value-" + i), (md, err) -> {
                    if (err != null) {
                        errors.add(err);
                        return;
                    }
                    offsets.add(md.offset());
                    if (index % 1000 == 0) {
                        throw new IllegalStateException("a callback that fails must not stop the reports after it");
                    }
                }));
            }
            producer.flush();
            assertThat(errors).isEmpty();
            assertThat(offsets).hasSize(n);
            for (int i = 0; i < n; i++) {
                assertThat(offsets.get(i)).as("report %d", i).isEqualTo(i);
                assertThat(futures.get(i).join().offset()).isEqualTo(i);
            }
        }
    }

    @Test
    void aRecordRejectedBeforeQueueingIsReportedBeforeSendReturns(KafkaCluster kafka) {
        kafka.createTopic("callbacks-too-large", 1, 1);
        AtomicReference<Throwable> reported = new AtomicReference<>();
        try (KurierClient client = RoundTripTest.client(kafka);
             Producer<byte[], byte[]> producer = client.producer(ProducerConfig.builder()
                     .set("max.request.size", 10_000).build(), Serdes.bytesSerializer(), Serdes.bytesSerializer())) {
            CompletableFuture<RecordMetadata> f = producer.send(ProducerRecord.of("callbacks-too-large", new byte[20_000]),
                    (md, err) -> reported.set(err));
            assertThat(reported.get()).isInstanceOf(RecordTooLargeException.class)
                    .hasMessageContaining("max.request.size");
            assertThat(f).isCompletedExceptionally();
            // the producer goes on
            assertThat(producer.sendSync(ProducerRecord.of("callbacks-too-large", new byte[100])).offset()).isZero();
        }
    }
}
