package dev.kurier.client.transactions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kurier.client.ClientConfig;
import dev.kurier.client.KurierClient;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.Consumer;
import dev.kurier.client.consumer.ConsumerConfig;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.client.group.OffsetAndMetadata;
import dev.kurier.client.producer.Producer;
import dev.kurier.client.producer.ProducerConfig;
import dev.kurier.client.producer.ProducerFencedException;
import dev.kurier.client.producer.ProducerRecord;
import dev.kurier.client.config.ConfigException;
import dev.kurier.client.producer.TransactionAbortableException;
import dev.kurier.client.producer.TransactionAbortedException;
import dev.kurier.client.producer.TransactionFatalException;
import dev.kurier.client.producer.internals.KurierProducer;
import dev.kurier.client.serialization.Serdes;
import dev.kurier.client.testing.Eventually;
import dev.kurier.testkit.KafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * What a transactional producer must do on either transactions version: commits visible to read_committed readers
 * (Kurier's and kafka-clients'), aborts invisible, offsets committed with the transaction and only with it, zombies
 * fenced.
 */
abstract class TransactionsContract {

    /** The cluster the tests run on. */
    abstract KafkaCluster kafka();

    /** The transactions version the producer must end up on. */
    abstract int expectedVersion();

    private String name(TestInfo info, String what) {
        return what + "-v" + expectedVersion() + "-" + info.getTestMethod().orElseThrow().getName();
    }

    KurierClient client() {
        return KurierClient.create(ClientConfig.builder().bootstrapServers(kafka().bootstrapServers())
                .clientId("txn-test").build());
    }

    static Producer<String, String> transactional(KurierClient client, String id) {
        return client.producer(ProducerConfig.builder().transactionalId(id).set("max.block.ms", 30_000).build(),
                Serdes.stringSerializer(), Serdes.stringSerializer());
    }

    @Test
    void committedTransactionsAreReadAndAbortedOnesAreNot(TestInfo info) throws Exception {
        String topic = name(info, "out");
        kafka().createTopic(topic, 3, 1);
        try (KurierClient client = client(); Producer<String, String> p = transactional(client, name(info, "tx"))) {
            p.initTransactions();
            assertThat(((KurierProducer<?, ?>) p).transactionVersion()).isEqualTo(expectedVersion());
            p.beginTransaction();
            for (int i = 0; i < 300; i++) {
                p.send(ProducerRecord.of(topic, "k" + i, "committed-a-" + i));
            }
            p.commitTransaction();
            p.beginTransaction();
            List<CompletableFuture<?>> aborted = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                aborted.add(p.send(ProducerRecord.of(topic, "k" + i, "aborted-" + i)));
            }
            p.abortTransaction();
            for (CompletableFuture<?> f : aborted) {
                // sent and then aborted, or never sent: either way done, and a failure only says it was aborted
                assertThat(f).isDone();
                if (f.isCompletedExceptionally()) {
                    assertThatThrownBy(f::join).hasCauseInstanceOf(TransactionAbortedException.class);
                }
            }
            p.beginTransaction();
            for (int i = 0; i < 100; i++) {
                p.send(ProducerRecord.of(topic, "k" + i, "committed-b-" + i));
            }
            p.commitTransaction();
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            expected.add("committed-a-" + i);
        }
        for (int i = 0; i < 100; i++) {
            expected.add("committed-b-" + i);
        }
        assertThat(readCommittedWithKafkaClients(topic, 3)).containsExactlyInAnyOrderElementsOf(expected);
        try (KurierClient client = client()) {
            List<ConsumerRecord<String, String>> got = readCommitted(client, topic, 3, 400);
            assertThat(got).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(expected);
            // order within each key's partition is the order of sending
            Map<String, List<String>> byKey = new HashMap<>();
            got.forEach(r -> byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value()));
            assertThat(byKey.get("k7")).containsExactly("committed-a-7", "committed-b-7");
        }
    }

    @Test
    void theNextTransactionNeverSendsUnderTheEpochBeforeTheCommit(TestInfo info) throws Exception {
        // A commit (version 2) or an abort that bumps the epoch hands the new one to the sender thread; if that thread
        // is busy, the next transaction's first batches left under the old epoch and the producer was fenced
        // (INVALID_PRODUCER_EPOCH), half of the time when filling a fresh broker in transactions of 10,000 records.
        String topic = name(info, "out");
        kafka().createTopic(topic, 3, 1);
        try (KurierClient client = client(); Producer<String, String> p = transactional(client, name(info, "tx"))) {
            ((KurierProducer<?, ?>) p).delayProducerIdInstallsForTests(Duration.ofMillis(300));
            p.initTransactions();
            for (int t = 0; t < 3; t++) {
                p.beginTransaction();
                for (int i = 0; i < 100; i++) {
                    p.send(ProducerRecord.of(topic, "k" + i, t + ":" + i));
                }
                p.commitTransaction();
            }
            p.beginTransaction();
            p.send(ProducerRecord.of(topic, "k", "aborted"));
            p.abortTransaction();
            p.beginTransaction();
            p.send(ProducerRecord.of(topic, "k", "after the abort"));
            p.commitTransaction();
        }
        try (KurierClient client = client()) {
            assertThat(readCommitted(client, topic, 3, 301)).hasSize(301)
                    .noneMatch(r -> r.value().equals("aborted"));
        }
    }

    @Test
    void consumedOffsetsAreCommittedWithTheTransactionAndOnlyWithIt(TestInfo info) throws Exception {
        String in = name(info, "in");
        String out = name(info, "out");
        String group = name(info, "group");
        kafka().createTopic(in, 2, 1);
        kafka().createTopic(out, 2, 1);
        try (KurierClient client = client()) {
            try (Producer<String, String> plain = client.producer(ProducerConfig.defaults(), Serdes.stringSerializer(),
                    Serdes.stringSerializer())) {
                for (int i = 0; i < 100; i++) {
                    plain.send(ProducerRecord.of(in, "k" + i, "v" + i));
                }
                plain.flush();
            }
            try (Consumer<String, String> consumer = client.consumer(ConsumerConfig.builder().groupId(group)
                    .autoOffsetReset("earliest").set("enable.auto.commit", false).set("isolation.level", "read_committed")
                    .build(), Serdes.stringDeserializer(), Serdes.stringDeserializer());
                 Producer<String, String> p = transactional(client, name(info, "tx"))) {
                p.initTransactions();
                consumer.subscribe(List.of(in));
                List<ConsumerRecord<String, String>> batch = new ArrayList<>();
                Eventually.repeat(Duration.ofSeconds(30), "batch.size() >= 100", () -> {
                    consumer.poll(Duration.ofMillis(200)).forEach(batch::add);
                    return batch.size() >= 100;
                });
                assertThat(batch).hasSize(100);
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                for (ConsumerRecord<String, String> r : batch) {
                    offsets.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1, -1, ""));
                }
                Set<TopicPartition> inputs = offsets.keySet();

                // first attempt aborted: neither output nor offsets
                p.beginTransaction();
                batch.forEach(r -> p.send(ProducerRecord.of(out, r.key(), r.value().toUpperCase())));
                p.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
                p.abortTransaction();
                assertThat(consumer.committed(inputs).values()).allMatch(o -> o == null);

                // second attempt committed: both
                p.beginTransaction();
                batch.forEach(r -> p.send(ProducerRecord.of(out, r.key(), r.value().toUpperCase())));
                p.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
                p.commitTransaction();
                Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(inputs);
                offsets.forEach((tp, om) -> assertThat(committed.get(tp).offset()).as(tp.toString()).isEqualTo(om.offset()));
            }
        }
        assertThat(readCommittedWithKafkaClients(out, 2)).hasSize(100).allMatch(v -> v.startsWith("V"));
    }

    @Test
    void aNewerProducerWithTheSameIdFencesTheOlderOne(TestInfo info) throws Exception {
        String topic = name(info, "out");
        String id = name(info, "tx");
        kafka().createTopic(topic, 1, 1);
        try (KurierClient client = client();
             Producer<String, String> zombie = transactional(client, id);
             Producer<String, String> successor = transactional(client, id)) {
            zombie.initTransactions();
            zombie.beginTransaction();
            zombie.send(ProducerRecord.of(topic, "k", "from-the-zombie")).get();
            successor.initTransactions(); // aborts the zombie's open transaction and bumps the epoch
            assertThatThrownBy(zombie::commitTransaction).isInstanceOf(ProducerFencedException.class)
                    .hasMessageContaining(id).hasMessageContaining("close the producer");
            // fatal: every further call says so
            assertThatThrownBy(zombie::beginTransaction).isInstanceOf(ProducerFencedException.class);
            assertThatThrownBy(() -> zombie.send(ProducerRecord.of(topic, "k", "again")).join())
                    .isInstanceOf(CompletionException.class).hasCauseInstanceOf(ProducerFencedException.class);
            successor.beginTransaction();
            successor.send(ProducerRecord.of(topic, "k", "from-the-successor"));
            successor.commitTransaction();
        }
        assertThat(readCommittedWithKafkaClients(topic, 1)).containsExactly("from-the-successor");
    }

    @Test
    void misuseIsRefusedWithTheReason(TestInfo info) {
        String topic = name(info, "out");
        kafka().createTopic(topic, 1, 1);
        try (KurierClient client = client(); Producer<String, String> p = transactional(client, name(info, "tx"))) {
            assertThatThrownBy(p::beginTransaction).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("initTransactions()");
            p.initTransactions();
            assertThatThrownBy(p::initTransactions).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> p.send(ProducerRecord.of(topic, "k", "v"))).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("outside a transaction").hasMessageContaining(topic);
            assertThatThrownBy(p::commitTransaction).isInstanceOf(IllegalStateException.class);
            p.beginTransaction();
            assertThatThrownBy(p::beginTransaction).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already open");
            p.commitTransaction(); // an empty transaction commits without a request
            p.beginTransaction();
            p.abortTransaction();
        }
    }

    @Test
    void aRecordThatFailsDoomsTheTransactionButNotTheProducer(TestInfo info) throws Exception {
        String topic = name(info, "small");
        kafka().createTopic(topic, 1, 1, Map.of("max.message.bytes", "2048"));
        try (KurierClient client = client(); Producer<String, String> p = transactional(client, name(info, "tx"))) {
            p.initTransactions();
            p.beginTransaction();
            p.send(ProducerRecord.of(topic, "k", "fits"));
            CompletableFuture<?> tooLarge = p.send(ProducerRecord.of(topic, "k", "x".repeat(10_000)));
            assertThatThrownBy(p::commitTransaction).isInstanceOf(TransactionAbortableException.class)
                    .hasMessageContaining("abortTransaction()").hasMessageContaining(topic + "-0")
                    .hasRootCauseMessage(rootMessage(tooLarge));
            assertThat(tooLarge).isCompletedExceptionally();
            // nothing else is allowed until the abort
            assertThat(p.send(ProducerRecord.of(topic, "k", "refused"))).isCompletedExceptionally();
            assertThatThrownBy(p::beginTransaction).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("abortTransaction()");
            p.abortTransaction();
            p.beginTransaction();
            p.send(ProducerRecord.of(topic, "k", "after-the-abort"));
            p.commitTransaction();
        }
        assertThat(readCommittedWithKafkaClients(topic, 1)).containsExactly("after-the-abort");
    }

    @Test
    void aTransactionTimeoutAboveTheBrokersMaximumIsFatalAndNamed(TestInfo info) {
        try (KurierClient client = client();
             Producer<String, String> p = client.producer(ProducerConfig.builder().transactionalId(name(info, "tx"))
                     .set("transaction.timeout.ms", 3_600_000).build(), Serdes.stringSerializer(),
                     Serdes.stringSerializer())) {
            assertThatThrownBy(p::initTransactions).isInstanceOf(TransactionFatalException.class)
                    .hasMessageContaining("transaction.timeout.ms").hasMessageContaining("transaction.max.timeout.ms");
        }
    }

    @Test
    void transactionsNeedIdempotenceAndAcksAll(TestInfo info) {
        try (KurierClient client = client()) {
            assertThatThrownBy(() -> client.producer(ProducerConfig.builder().transactionalId(name(info, "tx"))
                    .set("enable.idempotence", false).build(), Serdes.stringSerializer(), Serdes.stringSerializer()))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("transactional.id")
                    .hasMessageContaining("enable.idempotence");
            assertThatThrownBy(() -> client.producer(ProducerConfig.builder().transactionalId(name(info, "tx"))
                    .acks("1").build(), Serdes.stringSerializer(), Serdes.stringSerializer()))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("acks");
            try (Producer<String, String> plain = client.producer(ProducerConfig.defaults(), Serdes.stringSerializer(),
                    Serdes.stringSerializer())) {
                assertThatThrownBy(plain::initTransactions).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("transactional.id");
            }
        }
    }

    private static String rootMessage(CompletableFuture<?> f) {
        Throwable t = f.handle((v, e) -> e).join();
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    /** Every value of the topic as kafka-clients reads it under read_committed, partition after partition. */
    List<String> readCommittedWithKafkaClients(String topic, int partitions) {
        List<String> values = new ArrayList<>();
        ExactlyOnceCheck.read(kafka().bootstrapServers(), topic, partitions).values().forEach(values::addAll);
        return values;
    }

    static List<ConsumerRecord<String, String>> readCommitted(KurierClient client, String topic, int partitions,
                                                              int expected) {
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (Consumer<String, String> c = client.consumer(ConsumerConfig.builder().autoOffsetReset("earliest")
                .set("isolation.level", "read_committed").build(), Serdes.stringDeserializer(), Serdes.stringDeserializer())) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                tps.add(new TopicPartition(topic, p));
            }
            c.assign(tps);
            Eventually.repeat(Duration.ofSeconds(30), "out.size() >= expected", () -> {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
                return out.size() >= expected;
            });
            c.poll(Duration.ofMillis(500)).forEach(out::add);
        }
        return out;
    }

    static Throwable cause(Throwable t) {
        return t instanceof ExecutionException || t instanceof CompletionException ? t.getCause() : t;
    }
}
