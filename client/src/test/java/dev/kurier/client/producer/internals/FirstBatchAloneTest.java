package dev.kurier.client.producer.internals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.ClientConfig;
import dev.kurier.client.KurierClient;
import dev.kurier.client.producer.Producer;
import dev.kurier.client.producer.ProducerConfig;
import dev.kurier.client.producer.ProducerRecord;
import dev.kurier.client.producer.RecordMetadata;
import dev.kurier.client.protocol.ApiKey;
import dev.kurier.client.protocol.Errors;
import dev.kurier.client.protocol.message.InitProducerIdResponse;
import dev.kurier.client.protocol.message.ProduceRequest;
import dev.kurier.client.protocol.message.ProduceResponse;
import dev.kurier.client.serialization.Serdes;
import dev.kurier.client.testing.FakeBroker;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Batches as the broker sees them, from a scripted broker. A broker with no state for a producer accepts any first
 * sequence. So with idempotence, a partition's first batch
 * under a producer id goes alone: if it fails (here NOT_LEADER_OR_FOLLOWER, as a just-created partition can answer)
 * no later batch may have been accepted ahead of it, and its retry is the next produce the broker sees. And no
 * batch leaves empty: with {@code linger.ms=0} the sender once caught a batch between its creation and its first
 * record, and sent it, taking sequence 0 for no records.
 */
class FirstBatchAloneTest {

    private static final String TOPIC = "t";
    private static final UUID TOPIC_ID = UUID.randomUUID();
    /** Batch header: base offset 8, length 4, leader epoch 4, magic 1, CRC 4, attributes 2, last offset delta 4,
     * timestamps 16, producer id 8, producer epoch 2, then the base sequence. */
    private static final int BASE_SEQUENCE_AT = 53;

    @Test
    void aFailedFirstBatchIsRetriedBeforeAnyLaterBatchIsSent() throws Exception {
        List<Integer> sequences = new CopyOnWriteArrayList<>();
        List<Integer> counts = new CopyOnWriteArrayList<>();
        AtomicLong nextOffset = new AtomicLong();
        try (FakeBroker broker = new FakeBroker((n, header, body, socket, out) -> {
            short v = header.apiVersion();
            ByteBuf response = Unpooled.buffer();
            try {
                switch (header.apiKey()) {
                    case METADATA -> FakeBroker.writeOneTopicMetadata(response, v, socket, TOPIC, TOPIC_ID);
                    case INIT_PRODUCER_ID -> InitProducerIdResponse.builder().producerId(42).producerEpoch((short) 0).build().write(response, v);
                    case PRODUCE -> {
                        ProduceRequest req = ProduceRequest.read(body, v);
                        ProduceRequest.TopicProduceData t = req.topicData().get(0);
                        ProduceRequest.PartitionProduceData p = t.partitionData().get(0);
                        int sequence = p.records().getInt(p.records().readerIndex() + BASE_SEQUENCE_AT);
                        int records = p.records().getInt(p.records().readerIndex() + 23) + 1; // last offset delta + 1
                        sequences.add(sequence);
                        counts.add(records);
                        boolean fail = sequences.size() == 1;
                        if (fail) {
                            try {
                                Thread.sleep(300); // long enough for the producer to have many more batches ready
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                        short error = fail ? Errors.NOT_LEADER_OR_FOLLOWER.code : 0;
                        long base = fail ? -1 : nextOffset.getAndAdd(records);
                        new ProduceResponse(List.of(new ProduceResponse.TopicProduceResponse(t.name(), t.topicId(),
                                List.of(new ProduceResponse.PartitionProduceResponse(0, error, base, -1, 0, List.of(),
                                        null, null)))), 0, List.of()).write(response, v);
                    }
                    default -> throw new java.io.IOException("not scripted: " + header.apiKey());
                }
                FakeBroker.respond(out, header.correlationId(), header.apiKey().responseHeaderVersion(v), response);
            } finally {
                response.release();
            }
        });
             KurierClient client = KurierClient.create(ClientConfig.builder()
                     .bootstrapServers("127.0.0.1:" + broker.port()).clientId("first-batch").build());
             Producer<byte[], byte[]> producer = client.producer(ProducerConfig.builder().batchSize(1024)
                     .linger(Duration.ZERO).set("retry.backoff.ms", 10).build(), Serdes.bytesSerializer(),
                     Serdes.bytesSerializer())) {
            List<CompletableFuture<RecordMetadata>> acks = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                acks.add(producer.send(ProducerRecord.of(TOPIC, new byte[100])));
            }
            producer.flush();
            for (int i = 0; i < acks.size(); i++) {
                assertThat(acks.get(i).join().offset()).as("record %d", i).isEqualTo(i);
            }
        }
        assertThat(sequences).hasSizeGreaterThan(3);
        assertThat(counts).as("records per produced batch: never an empty batch").allSatisfy(c -> assertThat(c).isPositive());
        assertThat(sequences.subList(0, 2)).as("the failed first batch, then its retry").containsExactly(0, 0);
        for (int i = 2; i < sequences.size(); i++) {
            assertThat(sequences.get(i)).as("produce %d of sequences %s", i, sequences).isGreaterThan(sequences.get(i - 1));
        }
    }
}
