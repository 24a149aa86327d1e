package dev.kurier.client.consumer.internals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.ClientConfig;
import dev.kurier.client.KurierClient;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.Consumer;
import dev.kurier.client.consumer.ConsumerConfig;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.client.consumer.RecordBatchTooLargeException;
import dev.kurier.client.protocol.ApiKey;
import dev.kurier.client.protocol.message.FetchRequest;
import dev.kurier.client.protocol.message.FetchResponse;
import dev.kurier.client.serialization.Serdes;
import dev.kurier.client.testing.Eventually;
import dev.kurier.client.testing.FakeBroker;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A fetch that brings only the start of a partition's first batch (issue 18, defect 5), against a scripted broker:
 * the partition is fetched again by itself, where a broker returns a first batch whole; a broker that cuts it even
 * then gets a typed error naming the partition and offset instead of an endless refetch.
 */
class LoneFetchTest {

    private static final String TOPIC = "lone";
    private static final UUID TOPIC_ID = UUID.randomUUID();
    private static final TopicPartition TP = new TopicPartition(TOPIC, 0);

    /** One batch of three records of 2,000 bytes each, offsets 0 to 2. */
    private static final byte[] BATCH = batch();

    private final List<FetchRequest> fetches = new CopyOnWriteArrayList<>();
    private FakeBroker broker;

    private static byte[] batch() {
        ByteBuffer b = MemoryRecords.withRecords(Compression.NONE, new SimpleRecord("a".repeat(2000).getBytes()),
                new SimpleRecord("b".repeat(2000).getBytes()), new SimpleRecord("c".repeat(2000).getBytes())).buffer();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    @AfterEach
    void stop() throws IOException {
        if (broker != null) {
            broker.close();
        }
    }

    /** A broker that answers Metadata for {@link #TOPIC} and each Fetch with {@code bytes} of the batch. */
    private Consumer<String, String> consumerOf(java.util.function.IntUnaryOperator bytesForNthFetch) throws IOException {
        broker = new FakeBroker((n, header, body, socket, out) -> {
            ByteBuf response = Unpooled.buffer();
            try {
                short v = header.apiVersion();
                if (header.apiKey() == ApiKey.METADATA) {
                    FakeBroker.writeOneTopicMetadata(response, v, socket, TOPIC, TOPIC_ID);
                } else if (header.apiKey() == ApiKey.FETCH) {
                    FetchRequest req = FetchRequest.read(body, v);
                    fetches.add(req);
                    int bytes = bytesForNthFetch.applyAsInt(fetches.size() - 1);
                    boolean atStart = req.topics().stream().flatMap(t -> t.partitions().stream())
                            .anyMatch(p -> p.fetchOffset() == 0);
                    ByteBuf records = Unpooled.wrappedBuffer(BATCH, 0, atStart ? bytes : 0);
                    FetchResponse.builder().sessionId(0).responses(List.of(FetchResponse.FetchableTopicResponse
                            .builder().topic(TOPIC).topicId(TOPIC_ID).partitions(List.of(FetchResponse.PartitionData
                                    .builder().partitionIndex(0).highWatermark(3).lastStableOffset(3)
                                    .logStartOffset(0).preferredReadReplica(-1).records(records).build())).build()))
                            .build().write(response, v);
                    records.release();
                } else {
                    throw new IOException("not scripted: " + header.apiKey());
                }
                FakeBroker.respond(out, header.correlationId(), header.apiKey().responseHeaderVersion(v), response);
            } finally {
                response.release();
            }
        });
        KurierClient client = KurierClient.create(ClientConfig.builder()
                .bootstrapServers("127.0.0.1:" + broker.port()).clientId("lone").build());
        Consumer<String, String> c = client.consumer(ConsumerConfig.builder()
                .set("fetch.max.wait.ms", "20").set("retry.backoff.ms", "20").build(),
                Serdes.stringDeserializer(), Serdes.stringDeserializer());
        closeWith = client;
        c.assign(List.of(TP));
        c.seek(TP, 0);
        return c;
    }

    private KurierClient closeWith;

    @AfterEach
    void closeClient() {
        if (closeWith != null) {
            closeWith.close();
        }
    }

    @Test
    void aCutFirstBatchIsFetchedAgainAloneAndArrivesWhole() throws IOException {
        // the session fetch gets 1,000 bytes of the batch (as behind another partition's data); a lone fetch all
        try (Consumer<String, String> c = consumerOf(n -> n == 0 ? 1000 : BATCH.length)) {
            List<ConsumerRecord<String, String>> got = new ArrayList<>();
            Eventually.repeat(Duration.ofSeconds(10), "got.size() >= 3", () -> {
                c.poll(Duration.ofMillis(100)).forEach(got::add);
                return got.size() >= 3;
            });
            assertThat(got).extracting(ConsumerRecord::offset).containsExactly(0L, 1L, 2L);
            FetchRequest first = fetches.get(0);
            FetchRequest second = fetches.get(1);
            assertThat(first.sessionEpoch()).as("first fetch opens a session").isEqualTo(0);
            assertThat(second.sessionId()).as("the lone fetch is sessionless").isZero();
            assertThat(second.sessionEpoch()).isEqualTo(-1);
            assertThat(second.topics()).singleElement().satisfies(t -> assertThat(t.partitions()).singleElement()
                    .satisfies(p -> {
                        assertThat(p.fetchOffset()).isZero();
                        assertThat(p.partitionMaxBytes()).as("limit raised to the batch").isGreaterThanOrEqualTo(BATCH.length);
                    }));
        }
    }

    @Test
    void aBatchCutEvenWhenFetchedAloneFailsPollNamingThePartitionAndOffset() throws IOException {
        try (Consumer<String, String> c = consumerOf(n -> 1000)) {
            assertThat(Eventually.untilThrown(Duration.ofSeconds(10), "the cut batch refused", () ->
                    assertThat(c.poll(Duration.ofMillis(100)).count()).as("records past a batch never received").isZero()))
                    .isInstanceOfSatisfying(RecordBatchTooLargeException.class, e -> {
                assertThat(e.partition()).isEqualTo(TP);
                assertThat(e.offset()).isZero();
                assertThat(e.batchSize()).isEqualTo(BATCH.length);
                assertThat(e).hasMessageContaining("lone-0").hasMessageContaining("offset 0")
                        .hasMessageContaining("fetch.max.bytes");
            });
            assertThat(c.position(TP)).as("the position stays on the batch").isZero();
            // and again on a later poll: nothing skipped
            assertThat(Eventually.untilThrown(Duration.ofSeconds(10), "refused again",
                    () -> c.poll(Duration.ofMillis(100)))).isInstanceOf(RecordBatchTooLargeException.class);
        }
    }
}
