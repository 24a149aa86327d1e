package dev.kurier.client.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.KurierClient;
import dev.kurier.client.cluster.TopicInfo;
import dev.kurier.client.common.Node;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.network.Endpoint;
import dev.kurier.client.producer.Producer;
import dev.kurier.client.producer.ProducerConfig;
import dev.kurier.client.producer.ProducerRecord;
import dev.kurier.client.protocol.message.FetchRequest;
import dev.kurier.client.protocol.message.FetchResponse;
import dev.kurier.client.serialization.Serdes;
import dev.kurier.testkit.KafkaCluster;
import dev.kurier.testkit.junit.EmbeddedKafka;
import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The default producer is idempotent: batches carry a producer id, an epoch and contiguous sequences. */
@EmbeddedKafka
class IdempotentProducerTest {

    /** Batch headers of partition 0, read raw from the leader: {producerId, epoch, baseSequence, count}. */
    static List<long[]> rawBatches(KurierClient client, String topic) {
        TopicInfo info = client.metadata().awaitTopic(topic, Duration.ofSeconds(10)).join();
        TopicPartition tp = new TopicPartition(topic, 0);
        Node leader = client.metadata().leader(tp);
        FetchRequest.FetchPartition partition = FetchRequest.FetchPartition.builder().partition(0).fetchOffset(0L)
                .partitionMaxBytes(50 << 20).build();
        FetchRequest request = FetchRequest.builder().replicaId(-1).maxWaitMs(0).minBytes(1).maxBytes(50 << 20)
                .topics(List.of(new FetchRequest.FetchTopic(topic, info.topicId(), List.of(partition)))).build();
        FetchResponse resp = client.network().connection(new Endpoint(leader.host(), leader.port())).send(request).join();
        List<long[]> out = new ArrayList<>();
        try {
            ByteBuf records = resp.responses().get(0).partitions().get(0).records();
            int i = records.readerIndex();
            while (records.writerIndex() - i >= 61) {
                int length = records.getInt(i + 8);
                out.add(new long[] {records.getLong(i + 43), records.getShort(i + 51), records.getInt(i + 53),
                        records.getInt(i + 57)});
                i += 12 + length;
            }
        } finally {
            resp.release();
        }
        return out;
    }

    @Test
    void batchesCarryProducerIdAndContiguousSequences(KafkaCluster kafka) {
        kafka.createTopic("idempotent", 1, 1);
        try (KurierClient client = RoundTripTest.client(kafka);
             Producer<String, String> producer = client.producer(ProducerConfig.builder().batchSize(2000).build(),
                     Serdes.stringSerializer(), Serdes.stringSerializer())) {
            for (int i = 0; i < 2000; i++) {
                producer.send(ProducerRecord.of("idempotent", "k" + i, "value-" + i));
            }
            producer.flush();
            List<long[]> batches = rawBatches(client, "idempotent");
            assertThat(batches.size()).isGreaterThan(1);
            long pid = batches.get(0)[0];
            assertThat(pid).isGreaterThanOrEqualTo(0);
            long expectedSeq = 0;
            long total = 0;
            for (long[] b : batches) {
                assertThat(b[0]).isEqualTo(pid);
                assertThat(b[1]).isGreaterThanOrEqualTo(0);
                assertThat(b[2]).as("base sequence").isEqualTo(expectedSeq);
                expectedSeq += b[3];
                total += b[3];
            }
            assertThat(total).isEqualTo(2000);
        }
    }

    @Test
    void acksOneQuietlyTurnsIdempotenceOff(KafkaCluster kafka) {
        kafka.createTopic("not-idempotent", 1, 1);
        try (KurierClient client = RoundTripTest.client(kafka);
             Producer<String, String> producer = client.producer(ProducerConfig.builder().acks("1").build(),
                     Serdes.stringSerializer(), Serdes.stringSerializer())) {
            producer.sendSync(ProducerRecord.of("not-idempotent", "v"));
            assertThat(rawBatches(client, "not-idempotent")).allSatisfy(b -> {
                assertThat(b[0]).isEqualTo(-1);
                assertThat(b[2]).isEqualTo(-1);
            });
        }
    }

    /**
     * With idempotence, several batches of one partition are on the wire at once (ordered by their sequences), and
     * the log still holds every record once, in send order, with contiguous sequences.
     */
    @Test
    void severalBatchesOfOnePartitionInFlightKeepOrder(KafkaCluster kafka) {
        kafka.createTopic("idempotent-pipelined", 1, 1);
        int n = 60_000;
        try (KurierClient client = RoundTripTest.client(kafka);
             Producer<String, String> producer = client.producer(ProducerConfig.builder().batchSize(1024)
                     .linger(Duration.ZERO).build(), Serdes.stringSerializer(), Serdes.stringSerializer());
             dev.kurier.client.consumer.Consumer<String, String> consumer = client.consumer(
                     dev.kurier.client.consumer.ConsumerConfig.builder().autoOffsetReset("earliest").build(),
                     Serdes.stringDeserializer(), Serdes.stringDeserializer())) {
            List<java.util.concurrent.CompletableFuture<dev.kurier.client.producer.RecordMetadata>> acks = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                acks.add(producer.send(ProducerRecord.of("idempotent-pipelined", "value-" + i)));
            }
            producer.flush();
            var metrics = ((dev.kurier.client.producer.internals.KurierProducer<String, String>) producer).metrics();
            assertThat(metrics.peakBatchesInFlightPerPartition()).as("batches of the partition in flight at once")
                    .isGreaterThan(1).isLessThanOrEqualTo(5);
            assertThat(metrics.sendLatencyCount()).isEqualTo(n);
            assertThat(metrics.sendLatencyMs(0.99)).isGreaterThan(0).isLessThanOrEqualTo(metrics.maxSendLatencyMs());
            for (int i = 0; i < n; i++) {
                assertThat(acks.get(i).join().offset()).isEqualTo(i);
            }
            long expectedSeq = 0;
            for (long[] b : rawBatches(client, "idempotent-pipelined")) {
                assertThat(b[2]).as("base sequence").isEqualTo(expectedSeq);
                expectedSeq += b[3];
            }
            consumer.assign(List.of(new TopicPartition("idempotent-pipelined", 0)));
            var got = RoundTripTest.readAll(consumer, n, Duration.ofSeconds(60));
            assertThat(got).hasSize(n);
            for (int i = 0; i < n; i++) {
                assertThat(got.get(i).value()).isEqualTo("value-" + i);
            }
        }
    }
}
