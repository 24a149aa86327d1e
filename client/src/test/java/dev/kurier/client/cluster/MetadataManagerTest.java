package dev.kurier.client.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.ClientConfig;
import dev.kurier.client.KurierClient;
import dev.kurier.client.protocol.ApiKey;
import dev.kurier.client.protocol.Errors;
import dev.kurier.client.protocol.message.MetadataResponse;
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
 * The metadata manager on a manual clock against a scripted broker: refreshes asked for by stale answers are spaced by
 * retry.backoff.ms, metadata older than metadata.max.age.ms is refreshed, and waiting for a topic gives up when the
 * clock passes the caller's limit. Every limit is an hour: only the clock can make them pass within the test.
 */
class MetadataManagerTest {

    private static final UUID TOPIC_ID = UUID.randomUUID();
    private final ManualClock clock = new ManualClock();
    private final AtomicInteger metadataRequests = new AtomicInteger();

    private FakeBroker broker() throws Exception {
        return new FakeBroker((n, header, body, socket, out) -> {
            if (header.apiKey() != ApiKey.METADATA) {
                throw new java.io.IOException("not scripted: " + header.apiKey());
            }
            metadataRequests.incrementAndGet();
            ByteBuf response = Unpooled.buffer();
            try {
                MetadataResponse.builder()
                        .brokers(List.of(new MetadataResponse.Broker(0, "127.0.0.1", socket.getLocalPort(), null)))
                        .clusterId("fake").controllerId(0)
                        .topics(List.of(MetadataResponse.Topic.builder().name("missing").topicId(TOPIC_ID)
                                .errorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code).partitions(List.of()).build()))
                        .build().write(response, header.apiVersion());
                FakeBroker.respond(out, header.correlationId(), header.apiKey().responseHeaderVersion(
                        header.apiVersion()), response);
            } finally {
                response.release();
            }
        });
    }

    private KurierClient client(FakeBroker broker) {
        return KurierClient.create(ClientConfig.builder().bootstrapServers("127.0.0.1:" + broker.port())
                .set("retry.backoff.ms", 3_600_000).set("metadata.max.age.ms", 7_200_000).build(), clock);
    }

    @Test
    void refreshesAskedForByStaleAnswersAreSpacedByTheBackoffAsTheClockMeasuresIt() throws Exception {
        try (FakeBroker broker = broker(); KurierClient client = client(broker)) {
            MetadataManager metadata = client.metadata();
            metadata.refresh().get(10, TimeUnit.SECONDS);
            assertThat(metadataRequests).hasValue(1);
            metadata.requestUpdate(); // within the hour's back-off: waits for the clock
            metadata.requestUpdate(); // and is not asked twice
            clock.advance(Duration.ofHours(1));
            Eventually.waitFor(Duration.ofSeconds(10), "the refresh after the back-off, answered",
                    () -> metadataRequests.get() == 2 && metadata.snapshot().createdNanos() == clock.nanoTime());
            metadata.requestUpdate();
            clock.advance(Duration.ofHours(1));
            Eventually.waitFor(Duration.ofSeconds(10), "the next one", () -> metadataRequests.get() >= 3);
            assertThat(metadataRequests).as("one refresh per back-off, none in between").hasValue(3);
        }
    }

    @Test
    void metadataOlderThanMaxAgeIsRefreshed() throws Exception {
        try (FakeBroker broker = broker(); KurierClient client = client(broker)) {
            client.metadata().refresh().get(10, TimeUnit.SECONDS);
            clock.advance(Duration.ofHours(2));
            Eventually.waitFor(Duration.ofSeconds(10), "a refresh once the metadata is two hours old",
                    () -> metadataRequests.get() == 2);
        }
    }

    @Test
    void waitingForATopicGivesUpWhenTheClockPassesTheLimit() throws Exception {
        try (FakeBroker broker = broker(); KurierClient client = client(broker)) {
            CompletableFuture<TopicInfo> wait = client.metadata().awaitTopic("missing", Duration.ofMinutes(30));
            Eventually.waitFor(Duration.ofSeconds(10), "the first look", () -> metadataRequests.get() >= 1);
            assertThat(wait).isNotDone();
            clock.advance(Duration.ofMinutes(30));
            Eventually.waitFor(Duration.ofSeconds(10), "given up", wait::isDone);
            assertThat(wait).isCompletedExceptionally();
            try {
                wait.get();
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(UnknownTopicException.class)
                        .hasMessageContaining("missing").hasMessageContaining("1800000 ms")
                        .hasMessageContaining("UNKNOWN_TOPIC_OR_PARTITION");
            }
        }
    }
}
