package dev.kurier.client.protocol;

import static dev.kurier.client.protocol.KafkaOracle.ID_A;
import static dev.kurier.client.protocol.KafkaOracle.ID_B;
import static dev.kurier.client.protocol.KafkaOracle.kafka;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** DeleteTopics v4-v6 against kafka-clients' own serialization, both ways. */
class DeleteTopicsCodecTest {

    static Stream<Short> versions() {
        return KafkaOracle.versions(ApiKey.DELETE_TOPICS);
    }

    static DeleteTopicsRequest request(short v) {
        List<DeleteTopicsRequest.DeleteTopicState> topics = new ArrayList<>();
        topics.add(new DeleteTopicsRequest.DeleteTopicState("orders", null));
        topics.add(new DeleteTopicsRequest.DeleteTopicState("payments-\u00e9", null));
        if (v >= 6) {
            topics.add(new DeleteTopicsRequest.DeleteTopicState(null, ID_A));
            topics.add(new DeleteTopicsRequest.DeleteTopicState("both", ID_B));
        }
        return new DeleteTopicsRequest(topics, 20_000);
    }

    /** v4-v5 carry names in TopicNames, v6 name-or-id pairs in Topics. */
    static DeleteTopicsRequestData toKafka(DeleteTopicsRequest r, short v) {
        DeleteTopicsRequestData d = new DeleteTopicsRequestData().setTimeoutMs(r.timeoutMs());
        if (v >= 6) {
            List<DeleteTopicsRequestData.DeleteTopicState> topics = new ArrayList<>();
            for (DeleteTopicsRequest.DeleteTopicState t : r.topics()) {
                topics.add(new DeleteTopicsRequestData.DeleteTopicState().setName(t.name()).setTopicId(kafka(t.topicId())));
            }
            d.setTopics(topics);
        } else {
            List<String> names = new ArrayList<>();
            for (DeleteTopicsRequest.DeleteTopicState t : r.topics()) {
                names.add(t.name());
            }
            d.setTopicNames(names);
        }
        return d;
    }

    static DeleteTopicsResponse response(short v) {
        List<DeleteTopicsResponse.DeletableTopicResult> results = new ArrayList<>();
        results.add(new DeleteTopicsResponse.DeletableTopicResult("orders", v >= 6 ? ID_A : null, (short) 0, null));
        results.add(new DeleteTopicsResponse.DeletableTopicResult("locked", null, (short) 73,
                v >= 5 ? "Topic deletion is disabled." : null));
        if (v >= 6) {
            results.add(new DeleteTopicsResponse.DeletableTopicResult(null, ID_B, (short) 100, "unknown id"));
        }
        return new DeleteTopicsResponse(3, results);
    }

    static DeleteTopicsResponseData toKafka(DeleteTopicsResponse r) {
        DeleteTopicsResponseData.DeletableTopicResultCollection results =
                new DeleteTopicsResponseData.DeletableTopicResultCollection();
        for (DeleteTopicsResponse.DeletableTopicResult t : r.responses()) {
            results.add(new DeleteTopicsResponseData.DeletableTopicResult().setName(t.name()).setTopicId(kafka(t.topicId()))
                    .setErrorCode(t.errorCode()).setErrorMessage(t.errorMessage()));
        }
        return new DeleteTopicsResponseData().setThrottleTimeMs(r.throttleTimeMs()).setResponses(results);
    }

    @ParameterizedTest
    @MethodSource("versions")
    void requestMatchesKafkaBothWays(short version) {
        KafkaOracle.assertSameAsKafkaVia(r -> toKafka(r, version), request(version),
                DeleteTopicsRequest::write, DeleteTopicsRequest::read, DeleteTopicsRequestData::new, version, m -> { });
    }

    @ParameterizedTest
    @MethodSource("versions")
    void requestByIdNeedsV6(short version) {
        DeleteTopicsRequest byId = new DeleteTopicsRequest(List.of(new DeleteTopicsRequest.DeleteTopicState(null, ID_A)), 1);
        if (version < 6) {
            assertThatThrownBy(() -> KafkaOracle.ourBytes(byId, DeleteTopicsRequest::write, version))
                    .isInstanceOf(UnsupportedVersionException.class).hasMessageContaining("DeleteTopics v" + version);
        } else {
            assertThat(KafkaOracle.ourBytes(byId, DeleteTopicsRequest::write, version))
                    .isEqualTo(KafkaOracle.kafkaBytes(toKafka(byId, version), version));
        }
    }

    @ParameterizedTest
    @MethodSource("versions")
    void responseMatchesKafkaBothWays(short version) {
        KafkaOracle.assertSameAsKafkaVia(DeleteTopicsCodecTest::toKafka, response(version),
                DeleteTopicsResponse::write, DeleteTopicsResponse::read, DeleteTopicsResponseData::new, version, m -> { });
    }

    @ParameterizedTest
    @MethodSource("versions")
    void ignorableResponseFieldsAreDroppedLikeKafka(short version) {
        DeleteTopicsResponse r = new DeleteTopicsResponse(0, List.of(
                new DeleteTopicsResponse.DeletableTopicResult("t", ID_A, (short) 41, "message")));
        assertThat(KafkaOracle.ourBytes(r, DeleteTopicsResponse::write, version))
                .isEqualTo(KafkaOracle.kafkaBytes(toKafka(r), version));
    }
}
