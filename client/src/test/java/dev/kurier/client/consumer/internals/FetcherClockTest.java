package dev.kurier.client.consumer.internals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.ClientConfig;
import dev.kurier.client.KurierClient;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.Consumer;
import dev.kurier.client.consumer.ConsumerConfig;
import dev.kurier.client.protocol.ApiKey;
import dev.kurier.client.protocol.Errors;
import dev.kurier.client.protocol.message.FetchResponse;
import dev.kurier.client.serialization.Serdes;
import dev.kurier.client.testing.Eventually;
import dev.kurier.client.testing.FakeBroker;
import dev.kurier.client.testing.ManualClock;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The fetcher on a manual clock against a scripted broker: a partition whose fetch failed is reported once by poll
 * and fetched again only when the clock has passed retry.backoff.ms (an hour here: only the clock can make it pass).
 */
class FetcherClockTest {

    private static final String TOPIC = "fetcher-clock";
    private static final UUID TOPIC_ID = UUID.randomUUID();
    private static final TopicPartition TP = new TopicPartition(TOPIC, 0);
    private final ManualClock clock = new ManualClock();
    private final AtomicInteger fetches = new AtomicInteger();

    @Test
    void aFailedPartitionIsFetchedAgainWhenTheClockPassesTheBackoff() throws Exception {
        try (FakeBroker broker = new FakeBroker((n, header, body, socket, out) -> {
            ByteBuf response = Unpooled.buffer();
            try {
                short v = header.apiVersion();
                if (header.apiKey() == ApiKey.METADATA) {
                    FakeBroker.writeOneTopicMetadata(response, v, socket, TOPIC, TOPIC_ID);
                } else if (header.apiKey() == ApiKey.FETCH) {
                    fetches.incrementAndGet();
                    FetchResponse.builder().sessionId(0).responses(List.of(FetchResponse.FetchableTopicResponse
                            .builder().topic(TOPIC).topicId(TOPIC_ID).partitions(List.of(FetchResponse.PartitionData
                                    .builder().partitionIndex(0).errorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code)
                                    .highWatermark(-1).lastStableOffset(-1).logStartOffset(-1)
                                    .preferredReadReplica(-1).build())).build()))
                            .build().write(response, v);
                } else {
                    throw new java.io.IOException("not scripted: " + header.apiKey());
                }
                FakeBroker.respond(out, header.correlationId(), header.apiKey().responseHeaderVersion(v), response);
            } finally {
                response.release();
            }
        });
             KurierClient client = KurierClient.create(ClientConfig.builder()
                     .bootstrapServers("127.0.0.1:" + broker.port()).set("retry.backoff.ms", 3_600_000).build(), clock);
             Consumer<String, String> c = client.consumer(ConsumerConfig.builder().set("fetch.max.wait.ms", "20")
                     .build(), Serdes.stringDeserializer(), Serdes.stringDeserializer())) {
            c.assign(List.of(TP));
            c.seek(TP, 0);
            Eventually.repeat(Duration.ofSeconds(10), "the failure reported by poll", () -> failed(c));
            int before = fetches.get();
            assertThat(failed(c)).as("reported once; not fetched again within the back-off").isFalse();
            assertThat(fetches).hasValue(before);
            clock.advance(Duration.ofHours(1));
            Eventually.repeat(Duration.ofSeconds(10), "fetched again after the hour and reported", () -> failed(c));
            assertThat(fetches.get()).isGreaterThan(before);
        }
    }

    /** Polls once; whether poll raised the partition's error. */
    private static boolean failed(Consumer<String, String> c) {
        try {
            c.poll(Duration.ofMillis(100));
            return false;
        } catch (RuntimeException e) {
            assertThat(e).hasMessageContaining("TOPIC_AUTHORIZATION_FAILED");
            return true;
        }
    }
}
