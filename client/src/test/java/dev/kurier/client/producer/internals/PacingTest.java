package dev.kurier.client.producer.internals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.ClientConfig;
import dev.kurier.client.KurierClient;
import dev.kurier.client.producer.Producer;
import dev.kurier.client.producer.ProducerConfig;
import dev.kurier.client.producer.ProducerRecord;
import dev.kurier.client.protocol.message.ProduceRequest;
import dev.kurier.client.protocol.message.ProduceResponse;
import dev.kurier.client.serialization.Serdes;
import dev.kurier.client.testing.FakeBroker;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A producer that sends flat out to a broker that takes one 16 KB batch per 5 ms. Without pacing its queue stays at
 * {@code buffer.memory}, so every record waits behind 2 MB; with pacing (the default) the queue falls to about one
 * {@code max.request.size} once the standing queue is recognised, with two requests in flight instead of five, and
 * nothing is lost either way.
 */
class PacingTest {

    private static final String TOPIC = "t";
    private static final long BUFFER_MEMORY = 2 * 1024 * 1024;

    @Test
    void aProducerFasterThanItsBrokerIsPacedToAShortQueue() throws Exception {
        Run run = produceFlatOut(true);

        assertThat(run.maxQueuedLate).as("queued bytes in the last 0.8 s").isLessThan(512 * 1024);
        assertThat(run.maxInFlightLate).as("requests in flight: one at the broker, one behind it")
                .isLessThanOrEqualTo(Pacer.PACED_REQUESTS_PER_BROKER);
        assertThat(run.pacedWaits).isPositive();
    }

    @Test
    void withoutPacingTheQueueStaysFull() throws Exception {
        Run run = produceFlatOut(false);

        assertThat(run.maxQueuedLate).as("queued bytes in the last 0.8 s").isGreaterThan(BUFFER_MEMORY * 3 / 4);
        assertThat(run.maxInFlightLate).as("requests in flight").isGreaterThan(Pacer.PACED_REQUESTS_PER_BROKER);
        assertThat(run.pacedWaits).isZero();
    }

    private record Run(long maxQueuedLate, long maxInFlightLate, long pacedWaits) {
    }

    private static Run produceFlatOut(boolean pacing) throws Exception {
        AtomicLong nextOffset = new AtomicLong();
        try (FakeBroker broker = new FakeBroker((n, header, body, socket, out) -> {
            short v = header.apiVersion();
            ByteBuf response = Unpooled.buffer();
            try {
                switch (header.apiKey()) {
                    case METADATA -> FakeBroker.writeOneTopicMetadata(response, v, socket, TOPIC, UUID.randomUUID());
                    case PRODUCE -> {
                        ProduceRequest req = ProduceRequest.read(body, v);
                        ProduceRequest.TopicProduceData t = req.topicData().get(0);
                        ProduceRequest.PartitionProduceData p = t.partitionData().get(0);
                        int records = p.records().getInt(p.records().readerIndex() + 23) + 1; // last offset delta + 1
                        Thread.sleep(5); // a slow broker: one request at a time per connection
                        new ProduceResponse(List.of(new ProduceResponse.TopicProduceResponse(t.name(), t.topicId(),
                                List.of(new ProduceResponse.PartitionProduceResponse(0, (short) 0,
                                        nextOffset.getAndAdd(records), -1, 0, List.of(), null, null)))), 0, List.of())
                                .write(response, v);
                    }
                    default -> throw new java.io.IOException("not scripted: " + header.apiKey());
                }
                FakeBroker.respond(out, header.correlationId(), header.apiKey().responseHeaderVersion(v), response);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                response.release();
            }
        });
             KurierClient client = KurierClient.create(ClientConfig.builder()
                     .bootstrapServers("127.0.0.1:" + broker.port()).clientId("pacing-" + pacing).build());
             Producer<byte[], byte[]> producer = client.producer(ProducerConfig.builder().acks("1").batchSize(16 * 1024)
                     .set("max.request.size", 64 * 1024).set("buffer.memory", BUFFER_MEMORY)
                     .set("enable.pacing", pacing).build(), Serdes.bytesSerializer(), Serdes.bytesSerializer())) {
            KurierProducer<byte[], byte[]> kurier = (KurierProducer<byte[], byte[]>) producer;
            long start = System.nanoTime();
            long end = start + Duration.ofMillis(2500).toNanos();
            long lateFrom = start + Duration.ofMillis(1700).toNanos();
            long maxLate = 0;
            long maxInFlight = 0;
            long sent = 0;
            byte[] value = new byte[100];
            long now;
            while ((now = System.nanoTime()) < end) {
                producer.send(ProducerRecord.of(TOPIC, value));
                sent++;
                if (now >= lateFrom && (sent & 63) == 0) {
                    maxLate = Math.max(maxLate, kurier.queuedBytes());
                    maxInFlight = Math.max(maxInFlight, kurier.metrics().inFlightRequests());
                }
            }
            producer.flush();
            assertThat(nextOffset.get()).as("records the broker took").isEqualTo(sent);
            assertThat(kurier.metrics().recordErrors()).isZero();
            return new Run(maxLate, maxInFlight, kurier.metrics().pacedWaits());
        }
    }
}
