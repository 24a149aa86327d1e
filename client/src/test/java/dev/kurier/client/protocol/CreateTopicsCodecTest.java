package dev.kurier.client.protocol;

import static dev.kurier.client.protocol.KafkaOracle.ID_A;
import static dev.kurier.client.protocol.KafkaOracle.kafka;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** CreateTopics v5-v7 against kafka-clients' own serialization, both ways. */
class CreateTopicsCodecTest {

    static Stream<Short> versions() {
        return KafkaOracle.versions(ApiKey.CREATE_TOPICS);
    }

    static CreateTopicsRequest request() {
        return new CreateTopicsRequest(List.of(
                new CreateTopicsRequest.CreatableTopic("orders", 6, (short) 3, List.of(), List.of(
                        new CreateTopicsRequest.CreatableTopicConfig("cleanup.policy", "compact"),
                        new CreateTopicsRequest.CreatableTopicConfig("retention.ms", null))),
                new CreateTopicsRequest.CreatableTopic("placed", -1, (short) -1, List.of(
                        new CreateTopicsRequest.CreatableReplicaAssignment(0, List.of(1, 2)),
                        new CreateTopicsRequest.CreatableReplicaAssignment(1, List.of(2, 3))), List.of())),
                45_000, true);
    }

    static CreateTopicsRequestData toKafka(CreateTopicsRequest r) {
        CreateTopicsRequestData.CreatableTopicCollection topics = new CreateTopicsRequestData.CreatableTopicCollection();
        for (CreateTopicsRequest.CreatableTopic t : r.topics()) {
            CreateTopicsRequestData.CreatableReplicaAssignmentCollection assignments =
                    new CreateTopicsRequestData.CreatableReplicaAssignmentCollection();
            for (CreateTopicsRequest.CreatableReplicaAssignment a : t.assignments()) {
                assignments.add(new CreateTopicsRequestData.CreatableReplicaAssignment()
                        .setPartitionIndex(a.partitionIndex()).setBrokerIds(a.brokerIds()));
            }
            CreateTopicsRequestData.CreatableTopicConfigCollection configs =
                    new CreateTopicsRequestData.CreatableTopicConfigCollection();
            for (CreateTopicsRequest.CreatableTopicConfig c : t.configs()) {
                configs.add(new CreateTopicsRequestData.CreatableTopicConfig().setName(c.name()).setValue(c.value()));
            }
            topics.add(new CreateTopicsRequestData.CreatableTopic().setName(t.name()).setNumPartitions(t.numPartitions())
                    .setReplicationFactor(t.replicationFactor()).setAssignments(assignments).setConfigs(configs));
        }
        return new CreateTopicsRequestData().setTopics(topics).setTimeoutMs(r.timeoutMs())
                .setValidateOnly(r.validateOnly());
    }

    static CreateTopicsResponse response(short v) {
        return new CreateTopicsResponse(9, List.of(
                new CreateTopicsResponse.CreatableTopicResult("orders", v >= 7 ? ID_A : null, (short) 0, null, (short) 0,
                        6, (short) 3, List.of(
                        new CreateTopicsResponse.CreatableTopicConfigs("cleanup.policy", "compact", false, (byte) 1, false),
                        new CreateTopicsResponse.CreatableTopicConfigs("sasl.secret", null, true, (byte) 5, true))),
                new CreateTopicsResponse.CreatableTopicResult("denied", null, (short) 36, "Topic already exists",
                        (short) 29, -1, (short) -1, null)));
    }

    static CreateTopicsResponseData toKafka(CreateTopicsResponse r) {
        CreateTopicsResponseData.CreatableTopicResultCollection topics =
                new CreateTopicsResponseData.CreatableTopicResultCollection();
        for (CreateTopicsResponse.CreatableTopicResult t : r.topics()) {
            List<CreateTopicsResponseData.CreatableTopicConfigs> configs = null;
            if (t.configs() != null) {
                configs = new ArrayList<>();
                for (CreateTopicsResponse.CreatableTopicConfigs c : t.configs()) {
                    configs.add(new CreateTopicsResponseData.CreatableTopicConfigs().setName(c.name()).setValue(c.value())
                            .setReadOnly(c.readOnly()).setConfigSource(c.configSource()).setIsSensitive(c.isSensitive()));
                }
            }
            topics.add(new CreateTopicsResponseData.CreatableTopicResult().setName(t.name()).setTopicId(kafka(t.topicId()))
                    .setErrorCode(t.errorCode()).setErrorMessage(t.errorMessage())
                    .setTopicConfigErrorCode(t.topicConfigErrorCode()).setNumPartitions(t.numPartitions())
                    .setReplicationFactor(t.replicationFactor()).setConfigs(configs));
        }
        return new CreateTopicsResponseData().setThrottleTimeMs(r.throttleTimeMs()).setTopics(topics);
    }

    @ParameterizedTest
    @MethodSource("versions")
    void requestMatchesKafkaBothWays(short version) {
        KafkaOracle.assertSameAsKafkaVia(CreateTopicsCodecTest::toKafka, request(),
                CreateTopicsRequest::write, CreateTopicsRequest::read, CreateTopicsRequestData::new, version, m -> { });
    }

    @ParameterizedTest
    @MethodSource("versions")
    void responseMatchesKafkaBothWays(short version) {
        KafkaOracle.assertSameAsKafkaVia(CreateTopicsCodecTest::toKafka, response(version),
                CreateTopicsResponse::write, CreateTopicsResponse::read, CreateTopicsResponseData::new, version, m -> { });
    }

    @ParameterizedTest
    @MethodSource("versions")
    void topicIdIsDroppedBeforeV7LikeKafka(short version) {
        CreateTopicsResponse r = new CreateTopicsResponse(0, List.of(new CreateTopicsResponse.CreatableTopicResult(
                "t", ID_A, (short) 0, null, (short) 0, 1, (short) 1, List.of())));
        assertThat(KafkaOracle.ourBytes(r, CreateTopicsResponse::write, version))
                .isEqualTo(KafkaOracle.kafkaBytes(toKafka(r), version));
    }
}
