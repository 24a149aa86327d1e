package dev.kurier.client.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.ClientConfig;
import dev.kurier.client.KurierClient;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.group.OffsetAndMetadata;
import dev.kurier.client.protocol.Errors;
import dev.kurier.client.protocol.KafkaErrorException;
import dev.kurier.client.testing.Eventually;
import dev.kurier.testkit.KafkaCluster;
import dev.kurier.testkit.junit.EmbeddedKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Every Admin operation against a real broker, with its error paths: each entity gets its own outcome, named in
 * its error; a failure of one topic, partition or group never hides the others.
 */
@EmbeddedKafka
class AdminIntegrationTest {

    private static KurierClient client(KafkaCluster kafka) {
        return KurierClient.create(ClientConfig.builder().bootstrapServers(kafka.bootstrapServers()).clientId("admin-test")
                .set("default.api.timeout.ms", "20000").build());
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    private static KafkaErrorException failure(CompletableFuture<?> f) {
        try {
            f.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof java.util.concurrent.CompletionException && e.getCause().getCause() != null
                    ? e.getCause().getCause() : e.getCause();
            assertThat(cause).isInstanceOf(KafkaErrorException.class);
            return (KafkaErrorException) cause;
        } catch (Exception e) {
            throw new AssertionError("future did not fail in time", e);
        }
        throw new AssertionError("future succeeded but a failure was expected");
    }

    private static void produce(KafkaCluster kafka, String topic, int partition, int count) {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, partition, System.currentTimeMillis(), "k" + i, "v" + i));
            }
            producer.flush();
        }
    }

    @Test
    void topicsEachGetTheirOwnOutcome(KafkaCluster kafka) throws Exception {
        try (KurierClient client = client(kafka); Admin admin = client.admin()) {
            get(admin.createTopics(List.of(NewTopic.of("adm-exists", 1, 1))).all());
            AdminResults<String, Void> created = admin.createTopics(List.of(
                    NewTopic.of("adm-new", 2, 1),
                    NewTopic.of("adm-exists", 1, 1),
                    new NewTopic("adm-bad-config", 1, (short) 1, Map.of("retention.ms", "not-a-number")),
                    NewTopic.withAssignments("adm-assigned", Map.of(0, List.of(kafka.nodes().get(0).id())), Map.of())));
            get(created.value("adm-new"));
            get(created.value("adm-assigned"));
            assertThat(failure(created.value("adm-exists")).error()).isEqualTo(Errors.TOPIC_ALREADY_EXISTS);
            KafkaErrorException badConfig = failure(created.value("adm-bad-config"));
            assertThat(badConfig.error()).isEqualTo(Errors.INVALID_CONFIG);
            assertThat(badConfig).hasMessageContaining("adm-bad-config").hasMessageContaining("retention.ms");
            assertThat(failure(created.all()).error()).as("all() fails with the first failure")
                    .isEqualTo(Errors.TOPIC_ALREADY_EXISTS);

            assertThat(get(admin.createTopics(List.of(NewTopic.of("adm-validate", 1, 1)), true).all())).isNotNull();
            assertThat(get(admin.listTopics())).contains("adm-new", "adm-assigned").doesNotContain("adm-validate");

            AdminResults<String, TopicDescription> described = admin.describeTopics(List.of("adm-new", "adm-missing"), true);
            TopicDescription d = get(described.value("adm-new"));
            assertThat(d.partitions()).extracting(PartitionDescription::partition).containsExactly(0, 1);
            assertThat(d.partitions().get(0).leader()).isGreaterThanOrEqualTo(0);
            assertThat(d.authorizedOperations()).contains(AclOperation.READ, AclOperation.WRITE);
            assertThat(failure(described.value("adm-missing")).error()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);

            AdminResults<String, Void> grown = admin.createPartitions(Map.of("adm-new", 4, "adm-assigned", 1));
            get(grown.value("adm-new"));
            assertThat(failure(grown.value("adm-assigned")).error()).isEqualTo(Errors.INVALID_PARTITIONS);
            assertThat(get(admin.describeTopics(List.of("adm-new"), false).value("adm-new")).partitions()).hasSize(4);

            UUID id = d.topicId();
            get(admin.deleteTopicsByIds(List.of(id)).all());
            AdminResults<String, Void> deleted = admin.deleteTopics(List.of("adm-assigned", "adm-never"));
            get(deleted.value("adm-assigned"));
            assertThat(failure(deleted.value("adm-never")).error()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        }
    }

    @Test
    void configsAreDescribedAndAlteredPerResource(KafkaCluster kafka) throws Exception {
        try (KurierClient client = client(kafka); Admin admin = client.admin()) {
            get(admin.createTopics(List.of(NewTopic.of("adm-configs", 1, 1))).all());
            ConfigResource topic = ConfigResource.topic("adm-configs");
            ConfigEntry retention = get(admin.describeConfigs(List.of(topic)).value(topic)).get("retention.ms");
            assertThat(retention.isDefault()).isTrue();

            get(admin.incrementalAlterConfigs(Map.of(topic, List.of(AlterConfigOp.set("retention.ms", "3600000"),
                    AlterConfigOp.set("cleanup.policy", "compact")))).all());
            Map<String, ConfigEntry> after = get(admin.describeConfigs(List.of(topic), true, true).value(topic));
            assertThat(after.get("retention.ms").value()).isEqualTo("3600000");
            assertThat(after.get("retention.ms").source()).isEqualTo(ConfigEntry.Source.DYNAMIC_TOPIC_CONFIG);
            assertThat(after.get("retention.ms").synonyms()).extracting(ConfigEntry.Synonym::source)
                    .contains(ConfigEntry.Source.DYNAMIC_TOPIC_CONFIG);
            assertThat(after.get("retention.ms").documentation()).isNotBlank();

            get(admin.incrementalAlterConfigs(Map.of(topic, List.of(AlterConfigOp.delete("retention.ms")))).all());
            assertThat(get(admin.describeConfigs(List.of(topic)).value(topic)).get("retention.ms").isDefault()).isTrue();

            ConfigResource missing = ConfigResource.topic("adm-configs-missing");
            AdminResults<ConfigResource, Void> altered = admin.incrementalAlterConfigs(Map.of(
                    topic, List.of(AlterConfigOp.set("retention.ms", "minus-one")),
                    missing, List.of(AlterConfigOp.set("retention.ms", "1000"))));
            KafkaErrorException invalid = failure(altered.value(topic));
            assertThat(invalid.error()).isEqualTo(Errors.INVALID_CONFIG);
            assertThat(invalid).hasMessageContaining("adm-configs");
            assertThat(failure(altered.value(missing)).error()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);

            int brokerId = kafka.nodes().get(0).id();
            ConfigResource broker = ConfigResource.broker(brokerId);
            Map<String, ConfigEntry> brokerConfigs = get(admin.describeConfigs(List.of(broker)).value(broker));
            assertThat(brokerConfigs).containsKey("num.io.threads");
            assertThat(brokerConfigs.values()).filteredOn(ConfigEntry::sensitive).extracting(ConfigEntry::value)
                    .containsOnlyNulls();
        }
    }

    @Test
    void recordsAreListedAndDeletedPerPartition(KafkaCluster kafka) throws Exception {
        try (KurierClient client = client(kafka); Admin admin = client.admin()) {
            get(admin.createTopics(List.of(NewTopic.of("adm-records", 2, 1))).all());
            long before = System.currentTimeMillis();
            produce(kafka, "adm-records", 0, 100);
            TopicPartition p0 = new TopicPartition("adm-records", 0);
            TopicPartition p1 = new TopicPartition("adm-records", 1);
            TopicPartition p9 = new TopicPartition("adm-records", 9);

            AdminResults<TopicPartition, ListedOffset> offsets = admin.listOffsets(Map.of(p0, OffsetSpec.earliest(),
                    p1, OffsetSpec.latest(), p9, OffsetSpec.latest()));
            assertThat(get(offsets.value(p0)).offset()).isZero();
            assertThat(get(offsets.value(p1)).offset()).isZero();
            assertThat(failure(offsets.value(p9))).hasMessageContaining("adm-records-9");
            assertThat(get(admin.listOffsets(Map.of(p0, OffsetSpec.latest())).value(p0)).offset()).isEqualTo(100);
            assertThat(get(admin.listOffsets(Map.of(p0, OffsetSpec.maxTimestamp())).value(p0)).offset())
                    .isBetween(0L, 99L);
            assertThat(get(admin.listOffsets(Map.of(p0, OffsetSpec.forTimestamp(before))).value(p0)).offset()).isZero();
            assertThat(get(admin.listOffsets(Map.of(p0, OffsetSpec.forTimestamp(System.currentTimeMillis() + 3_600_000)))
                    .value(p0)).offset()).as("no record that late").isEqualTo(-1);

            AdminResults<TopicPartition, Long> deleted = admin.deleteRecords(Map.of(p0, 40L, p1, 5L));
            assertThat(get(deleted.value(p0))).isEqualTo(40);
            KafkaErrorException beyond = failure(deleted.value(p1));
            assertThat(beyond.error()).isEqualTo(Errors.OFFSET_OUT_OF_RANGE);
            assertThat(beyond).hasMessageContaining("adm-records-1");
            assertThat(get(admin.listOffsets(Map.of(p0, OffsetSpec.earliest())).value(p0)).offset()).isEqualTo(40);
        }
    }

    @Test
    void groupsAreDescribedAlteredAndDeleted(KafkaCluster kafka) throws Exception {
        try (KurierClient client = client(kafka); Admin admin = client.admin()) {
            get(admin.createTopics(List.of(NewTopic.of("adm-groups", 2, 1))).all());
            produce(kafka, "adm-groups", 0, 10);
            Properties p = new Properties();
            p.put("bootstrap.servers", kafka.bootstrapServers());
            p.put("group.id", "adm-group");
            p.put("auto.offset.reset", "earliest");
            p.put("client.id", "adm-member");
            TopicPartition p0 = new TopicPartition("adm-groups", 0);
            TopicPartition p1 = new TopicPartition("adm-groups", 1);
            try (KafkaConsumer<String, String> member = new KafkaConsumer<>(p, new StringDeserializer(),
                    new StringDeserializer())) {
                member.subscribe(List.of("adm-groups"));
                int[] seen = {0};
                Eventually.repeat(Duration.ofSeconds(30), "10 records read by the member", () -> {
                    seen[0] += member.poll(Duration.ofMillis(200)).count();
                    return seen[0] >= 10;
                });
                member.commitSync();
                GroupDescription active = get(admin.describeGroups(List.of("adm-group")).value("adm-group"));
                assertThat(active.type()).isEqualTo("classic");
                assertThat(active.state()).isEqualTo("Stable");
                assertThat(active.protocolType()).isEqualTo("consumer");
                assertThat(active.members()).singleElement().satisfies(m -> {
                    assertThat(m.clientId()).isEqualTo("adm-member");
                    assertThat(m.assignment()).containsExactlyInAnyOrder(p0, p1);
                });
                assertThat(failure(admin.deleteGroups(List.of("adm-group")).value("adm-group")).error())
                        .isEqualTo(Errors.NON_EMPTY_GROUP);
                KafkaErrorException subscribed = failure(admin.deleteGroupOffsets("adm-group", Set.of(p0)).value(p0));
                assertThat(subscribed.error()).isEqualTo(Errors.GROUP_SUBSCRIBED_TO_TOPIC);
                assertThat(failure(admin.alterGroupOffsets("adm-group", Map.of(p0, new OffsetAndMetadata(3, -1, "")))
                        .value(p0)).error()).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
            }
            assertThat(get(admin.listGroupOffsets("adm-group"))).containsEntry(new TopicPartition("adm-groups", 0), 10L);
            assertThat(get(admin.listGroups(List.of("Empty"), List.of()))).extracting(GroupListing::groupId)
                    .contains("adm-group");
            assertThat(get(admin.listGroups(List.of("Stable"), List.of()))).extracting(GroupListing::groupId)
                    .doesNotContain("adm-group");

            get(admin.alterGroupOffsets("adm-group", Map.of(p0, new OffsetAndMetadata(3, -1, "reset"))).all());
            assertThat(get(admin.listGroupOffsets("adm-group"))).containsEntry(p0, 3L);
            get(admin.deleteGroupOffsets("adm-group", Set.of(p0)).all());
            assertThat(get(admin.listGroupOffsets("adm-group"))).doesNotContainKey(p0);
            assertThat(failure(admin.removeGroupMembers("adm-group", List.of("no-such-instance"))
                    .value("no-such-instance")).error()).isEqualTo(Errors.UNKNOWN_MEMBER_ID);

            AdminResults<String, Void> deleted = admin.deleteGroups(List.of("adm-group", "adm-no-group"));
            get(deleted.value("adm-group"));
            assertThat(failure(deleted.value("adm-no-group")).error()).isEqualTo(Errors.GROUP_ID_NOT_FOUND);
            assertThat(failure(admin.describeGroups(List.of("adm-group")).value("adm-group")).error())
                    .as("a deleted group is gone").isEqualTo(Errors.GROUP_ID_NOT_FOUND);
        }
    }

    @Test
    void replicasAreDescribedElectedAndReassigned(KafkaCluster kafka) throws Exception {
        try (KurierClient client = client(kafka); Admin admin = client.admin()) {
            get(admin.createTopics(List.of(NewTopic.of("adm-replicas", 1, 1))).all());
            produce(kafka, "adm-replicas", 0, 20);
            int broker = kafka.nodes().get(0).id();
            TopicPartition p0 = new TopicPartition("adm-replicas", 0);
            Map<String, LogDirDescription> dirs = get(admin.describeLogDirs(List.of(broker)).value(broker));
            assertThat(dirs.values()).anySatisfy(d -> {
                assertThat(d.error()).isEqualTo("NONE");
                assertThat(d.replicas()).containsKey(p0);
                assertThat(d.replicas().get(p0).sizeBytes()).isPositive();
            });
            assertThat(failure(admin.describeLogDirs(List.of(999)).value(999))).hasMessageContaining("999");

            assertThat(failure(admin.electLeaders(ElectionType.PREFERRED, Set.of(p0)).value(p0)).error())
                    .as("the preferred replica already leads").isEqualTo(Errors.ELECTION_NOT_NEEDED);

            get(admin.alterPartitionReassignments(Map.of(p0, List.of(broker))).all());
            dev.kurier.client.testing.Eventually.waitFor(Duration.ofSeconds(15), "the reassignment completes",
                    () -> get(admin.listPartitionReassignments()).isEmpty());
            assertThat(failure(admin.alterPartitionReassignments(Map.of(p0, List.of())).value(p0)).error())
                    .as("nothing to cancel").isEqualTo(Errors.NO_REASSIGNMENT_IN_PROGRESS);

            FeatureMetadata features = get(admin.describeFeatures());
            assertThat(features.finalized()).containsKey("metadata.version");
            assertThat(features.supported()).containsKey("metadata.version");
            assertThat(features.finalized().get("metadata.version"))
                    .isBetween(features.supported().get("metadata.version").min(),
                            features.supported().get("metadata.version").max());
        }
    }

    @Test
    void producersAndTransactionsAreDescribed(KafkaCluster kafka) throws Exception {
        try (KurierClient client = client(kafka); Admin admin = client.admin()) {
            get(admin.createTopics(List.of(NewTopic.of("adm-txn", 1, 1))).all());
            TopicPartition p0 = new TopicPartition("adm-txn", 0);
            Properties p = new Properties();
            p.put("bootstrap.servers", kafka.bootstrapServers());
            p.put("transactional.id", "adm-txn-id");
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
                    new StringSerializer())) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("adm-txn", 0, "k", "v")).get(30, TimeUnit.SECONDS);

                List<ProducerState> producers = get(admin.describeProducers(List.of(p0)).value(p0));
                assertThat(producers).singleElement().satisfies(s ->
                        assertThat(s.currentTransactionStartOffset()).isZero());
                assertThat(get(admin.listTransactions())).extracting(TransactionListing::transactionalId)
                        .contains("adm-txn-id");
                TransactionDescription open = get(admin.describeTransactions(List.of("adm-txn-id")).value("adm-txn-id"));
                assertThat(open.state()).isEqualTo("Ongoing");
                assertThat(open.partitions()).containsExactly(p0);
                assertThat(open.producerId()).isEqualTo(producers.get(0).producerId());

                producer.commitTransaction();
                dev.kurier.client.testing.Eventually.waitFor(Duration.ofSeconds(15), "the transaction completes",
                        () -> get(admin.describeTransactions(List.of("adm-txn-id")).value("adm-txn-id")).state()
                                .equals("CompleteCommit"));
            }
            assertThat(failure(admin.describeTransactions(List.of("adm-no-txn")).value("adm-no-txn")).error())
                    .isEqualTo(Errors.TRANSACTIONAL_ID_NOT_FOUND);
        }
    }

    @Test
    void aHangingTransactionIsAbortedByTheAdmin(KafkaCluster kafka) throws Exception {
        try (KurierClient client = client(kafka); Admin admin = client.admin()) {
            get(admin.createTopics(List.of(NewTopic.of("adm-hanging", 1, 1))).all());
            TopicPartition p0 = new TopicPartition("adm-hanging", 0);
            Properties p = new Properties();
            p.put("bootstrap.servers", kafka.bootstrapServers());
            p.put("transactional.id", "adm-hanging-id");
            KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
            try {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("adm-hanging", 0, "k", "v")).get(30, TimeUnit.SECONDS);
                ProducerState open = get(admin.describeProducers(List.of(p0)).value(p0)).get(0);
                assertThat(open.currentTransactionStartOffset()).isZero();
                get(admin.abortTransaction(new AbortTransactionSpec(p0, open.producerId(), (short) open.producerEpoch(),
                        open.coordinatorEpoch())));
                dev.kurier.client.testing.Eventually.waitFor(Duration.ofSeconds(15), "no transaction open on " + p0,
                        () -> get(admin.describeProducers(List.of(p0)).value(p0)).stream()
                                .allMatch(s -> s.currentTransactionStartOffset() == -1));
            } finally {
                producer.close(Duration.ZERO);
            }
        }
    }

    @Test
    void kip848GroupsAreDescribedWithTheirAssignments(KafkaCluster kafka) throws Exception {
        try (KurierClient client = client(kafka); Admin admin = client.admin()) {
            get(admin.createTopics(List.of(NewTopic.of("adm-848", 2, 1))).all());
            Properties p = new Properties();
            p.put("bootstrap.servers", kafka.bootstrapServers());
            p.put("group.id", "adm-848-group");
            p.put("group.protocol", "consumer");
            p.put("client.id", "adm-848-member");
            try (KafkaConsumer<String, String> member = new KafkaConsumer<>(p, new StringDeserializer(),
                    new StringDeserializer())) {
                member.subscribe(List.of("adm-848"));
                Eventually.repeat(Duration.ofSeconds(30), "member.assignment().size() >= 2", () -> {
                    member.poll(Duration.ofMillis(100));
                    return member.assignment().size() >= 2;
                });
                assertThat(member.assignment()).hasSize(2);
                dev.kurier.client.testing.Eventually.waitFor(Duration.ofSeconds(15), "the group is described as stable",
                        () -> get(admin.describeGroups(List.of("adm-848-group")).value("adm-848-group")).state()
                                .equals("Stable"));
                GroupDescription d = get(admin.describeGroups(List.of("adm-848-group")).value("adm-848-group"));
                assertThat(d.type()).isEqualTo("consumer");
                assertThat(d.members()).singleElement().satisfies(m -> {
                    assertThat(m.clientId()).isEqualTo("adm-848-member");
                    assertThat(m.assignment()).containsExactlyInAnyOrder(new TopicPartition("adm-848", 0),
                            new TopicPartition("adm-848", 1));
                });
            }
            GroupDescription classic = get(admin.describeGroups(List.of("adm-group-none")).value("adm-group-none")
                    .handle((v, e) -> v));
            assertThat(classic).as("an unknown group is an error, not a description").isNull();
        }
    }
}
