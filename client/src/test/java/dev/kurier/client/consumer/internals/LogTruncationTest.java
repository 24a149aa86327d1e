package dev.kurier.client.consumer.internals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kurier.client.ClientConfig;
import dev.kurier.client.KurierClient;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.Consumer;
import dev.kurier.client.consumer.ConsumerConfig;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.client.consumer.LogTruncationException;
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
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * KIP-320 truncation detection, against a scripted leader whose log diverged from what the consumer fetched (an
 * unclean election): offsets 0-2 (epoch 1) are shared, 3-5 (epoch 2) were fetched from the old leader and are gone;
 * the new leader wrote 3-4 in epoch 3. Fetches carry the epoch of the last batch fetched; the leader's diverging
 * epoch makes the consumer go back to offset 3 (with a reset policy) or raise {@link LogTruncationException}.
 */
class LogTruncationTest {

    private static final String TOPIC = "truncated";
    private static final UUID TOPIC_ID = UUID.randomUUID();
    private static final TopicPartition TP = new TopicPartition(TOPIC, 0);

    private final List<FetchRequest.FetchPartition> fetched = new CopyOnWriteArrayList<>();
    private FakeBroker broker;
    private KurierClient client;

    /** A batch of {@code values} from {@code base}, written in leader epoch {@code epoch}. */
    private static byte[] batch(long base, int epoch, String... values) {
        MemoryRecordsBuilder b = MemoryRecords.builder(ByteBuffer.allocate(1 << 12), RecordBatch.MAGIC_VALUE_V2,
                Compression.NONE, TimestampType.CREATE_TIME, base);
        for (String v : values) {
            b.append(1000L, null, v.getBytes());
        }
        ByteBuffer buf = b.build().buffer();
        buf.putInt(buf.position() + 12, epoch); // the partition leader epoch, outside the CRC
        byte[] out = new byte[buf.remaining()];
        buf.get(out);
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @AfterEach
    void stop() throws IOException {
        if (client != null) {
            client.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private Consumer<String, String> consumer(String reset) throws IOException {
        byte[] shared = batch(0, 1, "a0", "a1", "a2");
        byte[] lost = batch(3, 2, "old3", "old4", "old5");
        byte[] rewritten = batch(3, 3, "new3", "new4");
        broker = new FakeBroker((n, header, body, socket, out) -> {
            ByteBuf response = Unpooled.buffer();
            try {
                short v = header.apiVersion();
                if (header.apiKey() == ApiKey.METADATA) {
                    FakeBroker.writeOneTopicMetadata(response, v, socket, TOPIC, TOPIC_ID);
                } else if (header.apiKey() == ApiKey.FETCH) {
                    FetchRequest req = FetchRequest.read(body, v);
                    FetchRequest.FetchPartition p = req.topics().stream().flatMap(t -> t.partitions().stream())
                            .filter(x -> x.partition() == 0).findFirst().orElse(null);
                    FetchResponse.PartitionData.Builder data = FetchResponse.PartitionData.builder().partitionIndex(0)
                            .highWatermark(5).lastStableOffset(5).logStartOffset(0).preferredReadReplica(-1);
                    byte[] records = new byte[0];
                    if (p != null) {
                        fetched.add(p);
                        if (p.fetchOffset() == 0) {
                            records = concat(shared, lost); // the old leader's log
                        } else if (p.fetchOffset() == 3 && p.lastFetchedEpoch() != 2) {
                            records = rewritten;
                        } else if (p.fetchOffset() == 6 && p.lastFetchedEpoch() == 2) {
                            // the new leader: epoch 2 is not in its log; epoch 1 ended at offset 3
                            data.divergingEpoch(FetchResponse.EpochEndOffset.builder().epoch(1).endOffset(3).build());
                        }
                    }
                    ByteBuf r = Unpooled.wrappedBuffer(records);
                    FetchResponse.builder().sessionId(0).responses(List.of(FetchResponse.FetchableTopicResponse
                            .builder().topic(TOPIC).topicId(TOPIC_ID).partitions(List.of(data.records(r).build()))
                            .build())).build().write(response, v);
                    r.release();
                } else {
                    throw new IOException("not scripted: " + header.apiKey());
                }
                FakeBroker.respond(out, header.correlationId(), header.apiKey().responseHeaderVersion(v), response);
            } finally {
                response.release();
            }
        });
        client = KurierClient.create(ClientConfig.builder().bootstrapServers("127.0.0.1:" + broker.port())
                .clientId("truncation").build());
        Consumer<String, String> c = client.consumer(ConsumerConfig.builder().autoOffsetReset(reset)
                        .set("fetch.max.wait.ms", "20").set("retry.backoff.ms", "20").build(),
                Serdes.stringDeserializer(), Serdes.stringDeserializer());
        c.assign(List.of(TP));
        c.seek(TP, 0);
        return c;
    }

    private static List<String> read(Consumer<String, String> c, int n) {
        List<String> got = new ArrayList<>();
        Eventually.repeat(Duration.ofSeconds(10), n + " records", () -> {
            for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(100))) {
                got.add(r.offset() + ":" + r.value());
            }
            return got.size() >= n;
        });
        return got;
    }

    @Test
    void aTruncatedLogSendsTheConsumerBackToWhereTheLogsAgree() throws IOException {
        try (Consumer<String, String> c = consumer("earliest")) {
            assertThat(read(c, 6)).containsExactly("0:a0", "1:a1", "2:a2", "3:old3", "4:old4", "5:old5");
            // the next fetch says what it fetched last (epoch 2); the leader answers with where the logs diverge
            assertThat(read(c, 2)).as("read again from the diverging offset, not from auto.offset.reset's end")
                    .containsExactly("3:new3", "4:new4");
            assertThat(fetched).anySatisfy(p -> {
                assertThat(p.fetchOffset()).isEqualTo(6);
                assertThat(p.lastFetchedEpoch()).isEqualTo(2);
            });
            assertThat(c.position(TP)).isEqualTo(5);
        }
    }

    @Test
    void withoutAResetPolicyTheTruncationIsRaisedNamingTheOffsetsUntilTheApplicationSeeks() throws IOException {
        try (Consumer<String, String> c = consumer("none")) {
            assertThat(read(c, 6)).hasSize(6);
            for (int i = 0; i < 2; i++) { // every poll until a seek
                assertThatThrownBy(() -> read(c, 1)).isInstanceOfSatisfying(LogTruncationException.class, e -> {
                    assertThat(e.partition()).isEqualTo(TP);
                    assertThat(e.divergingOffset()).isEqualTo(3);
                    assertThat(e.position()).isEqualTo(6);
                    assertThat(e).hasMessageContaining("truncated-0").hasMessageContaining("offset 3");
                });
            }
            assertThat(c.position(TP)).isEqualTo(6);
            c.seek(TP, 3);
            assertThat(read(c, 2)).containsExactly("3:new3", "4:new4");
        }
    }
}
