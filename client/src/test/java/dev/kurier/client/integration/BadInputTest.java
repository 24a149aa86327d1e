package dev.kurier.client.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kurier.client.ClientConfig;
import dev.kurier.client.KurierClient;
import dev.kurier.client.admin.Admin;
import dev.kurier.client.admin.NewTopic;
import dev.kurier.client.cluster.BootstrapException;
import dev.kurier.client.cluster.UnknownTopicException;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.Consumer;
import dev.kurier.client.consumer.ConsumerConfig;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.client.consumer.RecordDeserializationException;
import dev.kurier.client.producer.Producer;
import dev.kurier.client.producer.ProducerConfig;
import dev.kurier.client.producer.ProducerRecord;
import dev.kurier.client.producer.RecordTooLargeException;
import dev.kurier.client.producer.SerializationException;
import dev.kurier.client.protocol.Errors;
import dev.kurier.client.protocol.KafkaErrorException;
import dev.kurier.client.serialization.Serdes;
import dev.kurier.testkit.KafkaCluster;
import dev.kurier.testkit.junit.EmbeddedKafka;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Bad input gets a typed error naming what was wrong, and the client keeps working. */
@EmbeddedKafka
class BadInputTest {

    private static Throwable failure(CompletableFuture<?> f) {
        try {
            f.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause() instanceof java.util.concurrent.CompletionException && e.getCause().getCause() != null
                    ? e.getCause().getCause() : e.getCause();
        } catch (Exception e) {
            throw new AssertionError("future did not fail in time", e);
        }
        throw new AssertionError("future succeeded but a failure was expected");
    }

    @Test
    void unreachableBootstrapFailsWithinTheRequestTimeoutNamingTheAddresses() throws Exception {
        int p1;
        int p2;
        try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0)) {
            p1 = a.getLocalPort();
            p2 = b.getLocalPort();
        }
        try (KurierClient client = KurierClient.create(ClientConfig.builder()
                .bootstrapServers("127.0.0.1:" + p1 + ",127.0.0.1:" + p2).requestTimeout(Duration.ofSeconds(3)).build());
             Admin admin = client.admin()) {
            long start = System.nanoTime();
            Throwable t = failure(admin.listTopics());
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(t).isInstanceOf(BootstrapException.class)
                    .hasMessageContaining("127.0.0.1:" + p1).hasMessageContaining("127.0.0.1:" + p2)
                    .hasMessageContaining("request.timeout.ms");
            assertThat(ms).as("failed within request.timeout.ms (plus slack)").isLessThan(3000 + 2000);
        }
    }

    @Test
    void aBatchDecompressingPastTheBoundFailsPollNamingTheKeyAndOffsetAndIsNotSkipped(KafkaCluster kafka) {
        kafka.createTopic("bomb", 1, 1);
        dev.kurier.client.common.TopicPartition tp = new dev.kurier.client.common.TopicPartition("bomb", 0);
        try (KurierClient client = KurierClient.create(ClientConfig.builder().bootstrapServers(kafka.bootstrapServers())
                .build())) {
            try (Producer<String, String> producer = client.producer(ProducerConfig.builder()
                    .set("compression.type", "gzip").set("max.request.size", 8 << 20).set("batch.size", 8 << 20)
                    .build(), Serdes.stringSerializer(), Serdes.stringSerializer())) {
                producer.send(ProducerRecord.of("bomb", "a".repeat(3 << 20))); // 3 MiB, a few KiB compressed
                producer.send(ProducerRecord.of("bomb", "small")).join();
            }
            try (dev.kurier.client.consumer.Consumer<String, String> bounded = client.consumer(
                    dev.kurier.client.consumer.ConsumerConfig.builder().autoOffsetReset("earliest")
                            .set("max.decompressed.batch.bytes", 1 << 20).build(),
                    Serdes.stringDeserializer(), Serdes.stringDeserializer())) {
                bounded.assign(java.util.List.of(tp));
                for (int i = 0; i < 2; i++) { // again on the next poll: the position stays on the batch
                    assertThat(dev.kurier.client.testing.Eventually.untilThrown(Duration.ofSeconds(20),
                            "the bomb refused", () -> assertThat(bounded.poll(Duration.ofMillis(200)).count())
                                    .as("nothing after the batch").isZero()))
                            .isInstanceOf(dev.kurier.client.consumer.CorruptRecordException.class)
                            .hasMessageContaining("bomb-0").hasMessageContaining("offset 0")
                            .hasMessageContaining("max.decompressed.batch.bytes");
                }
                assertThat(bounded.position(tp)).isZero();
            }
            try (dev.kurier.client.consumer.Consumer<String, String> normal = client.consumer(
                    dev.kurier.client.consumer.ConsumerConfig.builder().autoOffsetReset("earliest").build(),
                    Serdes.stringDeserializer(), Serdes.stringDeserializer())) {
                normal.assign(java.util.List.of(tp));
                assertThat(RoundTripTest.readAll(normal, 2, Duration.ofSeconds(20))).hasSize(2)
                        .first().satisfies(r -> assertThat(r.value()).hasSize(3 << 20));
            }
        }
    }

    @Test
    void unknownTopicWithoutAutoCreationFailsAfterMaxBlockNamingTheTopic(KafkaCluster kafka) {
        try (KurierClient client = KurierClient.create(ClientConfig.builder().bootstrapServers(kafka.bootstrapServers())
                .set("allow.auto.create.topics", "false").build());
             Producer<String, String> producer = client.producer(ProducerConfig.builder().set("max.block.ms", "1500").build(),
                     Serdes.stringSerializer(), Serdes.stringSerializer())) {
            Throwable t = failure(producer.send(ProducerRecord.of("no-such-topic", "x")));
            assertThat(t).isInstanceOf(UnknownTopicException.class).hasMessageContaining("no-such-topic")
                    .hasMessageContaining("1500 ms");
        }
    }

    @Test
    void oversizedRecordFailsAloneAndTheProducerKeepsGoing(KafkaCluster kafka) {
        kafka.createTopic("big", 1, 1);
        try (KurierClient client = RoundTripTest.client(kafka);
             Producer<String, String> producer = client.producer(ProducerConfig.builder()
                     .set("max.request.size", "10000").build(), Serdes.stringSerializer(), Serdes.stringSerializer())) {
            Throwable t = failure(producer.send(ProducerRecord.of("big", "x".repeat(20_000))));
            assertThat(t).isInstanceOf(RecordTooLargeException.class).hasMessageContaining("max.request.size = 10000")
                    .hasMessageMatching(".*is \\d+ bytes.*");
            assertThat(producer.sendSync(ProducerRecord.of("big", "small")).offset()).isZero();
        }
    }

    @Test
    void aFullQueueFailsAtOnceWithMaxBlockZeroNamingTheLimits(KafkaCluster kafka) {
        kafka.createTopic("full", 1, 1);
        try (KurierClient client = RoundTripTest.client(kafka);
             Producer<String, String> producer = client.producer(ProducerConfig.builder()
                     .set("queue.buffering.max.messages", "3").set("max.block.ms", "0")
                     .linger(Duration.ofSeconds(10)).batchSize(1_000_000).build(),
                     Serdes.stringSerializer(), Serdes.stringSerializer())) {
            producer.sendSync(ProducerRecord.of("full", "warm-up")); // metadata known, so send does not wait for it
            List<CompletableFuture<dev.kurier.client.producer.RecordMetadata>> queued = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                queued.add(producer.send(ProducerRecord.of("full", "v" + i)));
            }
            Throwable t = failure(producer.send(ProducerRecord.of("full", "one too many")));
            assertThat(t).isInstanceOf(dev.kurier.client.producer.BufferExhaustedException.class)
                    .hasMessageContaining("queue.buffering.max.messages = 3").hasMessageContaining("'full'");
            producer.flush();
            assertThat(queued).allMatch(f -> !f.isCompletedExceptionally());
        }
    }

    @Test
    void throwingSerializerFailsOnlyThatSend(KafkaCluster kafka) {
        kafka.createTopic("serde", 1, 1);
        try (KurierClient client = RoundTripTest.client(kafka);
             Producer<String, String> producer = client.producer(ProducerConfig.defaults(), Serdes.stringSerializer(),
                     (topic, v) -> {
                         if (v.equals("boom")) {
                             throw new IllegalArgumentException("cannot serialize boom");
                         }
                         return v.getBytes();
                     })) {
            Throwable t = failure(producer.send(ProducerRecord.of("serde", "boom")));
            assertThat(t).isInstanceOf(SerializationException.class).hasMessageContaining("serde")
                    .hasMessageContaining("value").hasRootCauseMessage("cannot serialize boom");
            assertThat(producer.sendSync(ProducerRecord.of("serde", "fine")).offset()).isZero();
        }
    }

    @Test
    void sendAfterCloseIsAnIllegalStateException(KafkaCluster kafka) {
        try (KurierClient client = RoundTripTest.client(kafka)) {
            Producer<String, String> producer = client.producer(ProducerConfig.defaults(), Serdes.stringSerializer(),
                    Serdes.stringSerializer());
            producer.close();
            assertThatThrownBy(() -> producer.send(ProducerRecord.of("t", "v"))).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("closed");
        }
    }

    @Test
    void deserializerFailureNamesTheRecordAndSeekingPastItGoesOn(KafkaCluster kafka) {
        kafka.createTopic("poison", 1, 1);
        TopicPartition tp = new TopicPartition("poison", 0);
        try (KurierClient client = RoundTripTest.client(kafka);
             Producer<String, String> producer = client.producer(ProducerConfig.defaults(), Serdes.stringSerializer(),
                     Serdes.stringSerializer());
             Consumer<String, Integer> consumer = client.consumer(ConsumerConfig.builder().autoOffsetReset("earliest").build(),
                     Serdes.stringDeserializer(), (topic, data) -> Integer.parseInt(new String(data)))) {
            producer.send(ProducerRecord.of("poison", "1"));
            producer.send(ProducerRecord.of("poison", "two"));
            producer.send(ProducerRecord.of("poison", "3"));
            producer.flush();
            consumer.assign(List.of(tp));
            RecordDeserializationException[] caught = {null};
            int[] polled = {0};
            dev.kurier.client.testing.Eventually.repeat(Duration.ofSeconds(20), "the poison record refused", () -> {
                try {
                    polled[0] += consumer.poll(Duration.ofMillis(200)).count();
                    return false;
                } catch (RecordDeserializationException ex) {
                    caught[0] = ex;
                    return true;
                }
            });
            RecordDeserializationException e = caught[0];
            int seen = polled[0];
            assertThat(e.partition()).isEqualTo(tp);
            assertThat(e.offset()).isEqualTo(1);
            assertThat(e.rawValue()).isEqualTo("two".getBytes());
            assertThat(e.getMessage()).contains("poison-0").contains("offset 1");
            // Record 0 came back first; the position waits on the bad record, and the error repeats until a seek.
            assertThat(seen).isEqualTo(1);
            assertThat(consumer.position(tp)).isEqualTo(1);
            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(5))).isInstanceOf(RecordDeserializationException.class);
            consumer.seek(tp, e.offset() + 1);
            List<ConsumerRecord<String, Integer>> rest = RoundTripTest.readAll(consumer, 1, Duration.ofSeconds(20));
            assertThat(rest).extracting(ConsumerRecord::value).containsExactly(3);
        }
    }

    @Test
    void adminErrorsNameTheTopic(KafkaCluster kafka) {
        try (KurierClient client = RoundTripTest.client(kafka); Admin admin = client.admin()) {
            admin.createTopics(List.of(NewTopic.of("admin-dup", 2, 1))).all().join();
            assertThat(admin.listTopics().join()).contains("admin-dup");
            assertThat(admin.describeTopics(List.of("admin-dup")).join().get("admin-dup").partitionCount()).isEqualTo(2);
            Throwable dup = failure(admin.createTopics(List.of(NewTopic.of("admin-dup", 2, 1))).all());
            assertThat(dup).isInstanceOf(KafkaErrorException.class).hasMessageContaining("admin-dup");
            assertThat(((KafkaErrorException) dup).error()).isEqualTo(Errors.TOPIC_ALREADY_EXISTS);
            Throwable rf = failure(admin.createTopics(List.of(NewTopic.of("admin-rf", 1, 3))).all());
            assertThat(rf).isInstanceOf(KafkaErrorException.class).hasMessageContaining("admin-rf")
                    .hasMessageContaining("INVALID_REPLICATION_FACTOR");
            admin.deleteTopics(List.of("admin-dup")).all().join();
            Throwable missing = failure(admin.describeTopics(List.of("never-created")));
            assertThat(missing).isInstanceOf(UnknownTopicException.class).hasMessageContaining("never-created");
            assertThat(admin.describeCluster().join().brokers()).hasSize(1);
        }
    }
}
