package dev.kurier.client.producer.internals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.ClientConfig;
import dev.kurier.client.KurierClient;
import dev.kurier.client.producer.DeliveryTimeoutException;
import dev.kurier.client.producer.Producer;
import dev.kurier.client.producer.ProducerConfig;
import dev.kurier.client.producer.ProducerRecord;
import dev.kurier.client.producer.RecordMetadata;
import dev.kurier.client.protocol.Errors;
import dev.kurier.client.protocol.message.ProduceRequest;
import dev.kurier.client.protocol.message.ProduceResponse;
import dev.kurier.client.serialization.Serdes;
import dev.kurier.client.testing.Eventually;
import dev.kurier.client.testing.FakeBroker;
import dev.kurier.client.testing.ManualClock;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The sender on a manual clock against a scripted broker: a batch waits linger.ms, a failed batch waits
 * retry.backoff.ms before its retry, and a batch never acknowledged fails at delivery.timeout.ms, each as the clock
 * measures it (every limit is an hour: only the clock can make it pass within the test).
 */
class SenderTest {

    private static final String TOPIC = "t";
    private static final UUID TOPIC_ID = UUID.randomUUID();
    private final ManualClock clock = new ManualClock();
    private final AtomicInteger produces = new AtomicInteger();

    /** A broker that answers Produce with {@code error} (offset 0 when NONE). */
    private FakeBroker broker(Errors error) throws Exception {
        return new FakeBroker((n, header, body, socket, out) -> {
            short v = header.apiVersion();
            ByteBuf response = Unpooled.buffer();
            try {
                switch (header.apiKey()) {
                    case METADATA -> FakeBroker.writeOneTopicMetadata(response, v, socket, TOPIC, TOPIC_ID);
                    case PRODUCE -> {
                        produces.incrementAndGet();
                        ProduceRequest.TopicProduceData t = ProduceRequest.read(body, v).topicData().get(0);
                        new ProduceResponse(List.of(new ProduceResponse.TopicProduceResponse(t.name(), t.topicId(),
                                List.of(new ProduceResponse.PartitionProduceResponse(0, error.code,
                                        error == Errors.NONE ? 0 : -1, -1, 0, List.of(), null, null)))), 0, List.of())
                                .write(response, v);
                    }
                    default -> throw new java.io.IOException("not scripted: " + header.apiKey());
                }
                FakeBroker.respond(out, header.correlationId(), header.apiKey().responseHeaderVersion(v), response);
            } finally {
                response.release();
            }
        });
    }

    private KurierClient client(FakeBroker broker) {
        return KurierClient.create(ClientConfig.builder().bootstrapServers("127.0.0.1:" + broker.port())
                .set("retry.backoff.ms", 3_600_000).build(), clock);
    }

    @Test
    void aBatchWaitsLingerAsTheClockMeasuresIt() throws Exception {
        try (FakeBroker broker = broker(Errors.NONE); KurierClient client = client(broker);
             Producer<String, String> producer = client.producer(ProducerConfig.builder()
                     .set("linger.ms", 3_600_000).set("delivery.timeout.ms", 7_300_000)
                     .set("enable.idempotence", false).build(), Serdes.stringSerializer(), Serdes.stringSerializer())) {
            CompletableFuture<RecordMetadata> sent = producer.send(ProducerRecord.of(TOPIC, "v"));
            assertThat(sent).as("lingering: the clock has not moved").isNotDone();
            clock.advance(Duration.ofHours(1));
            RecordMetadata m = sent.get(10, TimeUnit.SECONDS);
            assertThat(m.offset()).isZero();
            assertThat(produces).hasValue(1);
        }
    }

    @Test
    void aFailedBatchIsRetriedAfterTheBackoffAndFailsAtTheDeliveryTimeout() throws Exception {
        try (FakeBroker broker = broker(Errors.NOT_LEADER_OR_FOLLOWER); KurierClient client = client(broker);
             Producer<String, String> producer = client.producer(ProducerConfig.builder().set("linger.ms", 0)
                     .set("delivery.timeout.ms", 10_800_000).set("enable.idempotence", false).build(),
                     Serdes.stringSerializer(), Serdes.stringSerializer())) {
            CompletableFuture<RecordMetadata> sent = producer.send(ProducerRecord.of(TOPIC, "v"));
            Eventually.waitFor(Duration.ofSeconds(10), "the first produce", () -> produces.get() == 1);
            assertThat(sent).isNotDone();
            clock.advance(Duration.ofHours(1));
            Eventually.waitFor(Duration.ofSeconds(10), "the retry after the hour's back-off",
                    () -> produces.get() == 2);
            clock.advance(Duration.ofHours(2));
            try {
                sent.get(10, TimeUnit.SECONDS);
                org.assertj.core.api.Assertions.fail("acknowledged by a broker that refuses every produce");
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(DeliveryTimeoutException.class)
                        .hasMessageContaining("delivery.timeout.ms = 10800000")
                        .hasMessageContaining("NOT_LEADER_OR_FOLLOWER");
            }
            assertThat(produces.get()).as("one try per hour of back-off: the first, then two").isLessThanOrEqualTo(3);
        }
    }
}
