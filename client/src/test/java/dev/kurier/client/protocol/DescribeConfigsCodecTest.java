package dev.kurier.client.protocol;

import static dev.kurier.client.protocol.KafkaOracle.assertSameAsKafka;
import static dev.kurier.client.protocol.KafkaOracle.assertSkipsUnknownTags;
import static dev.kurier.client.protocol.KafkaOracle.withUnknownTag;

import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DescribeConfigsCodecTest {

    static Stream<Short> versions() {
        return KafkaOracle.versions(ApiKey.DESCRIBE_CONFIGS);
    }

    private static DescribeConfigsRequest ourRequest() {
        return new DescribeConfigsRequest(List.of(
                new DescribeConfigsRequest.Resource(DescribeConfigsRequest.RESOURCE_TYPE_TOPIC, "orders",
                        List.of("retention.ms", "cleanup.policy")),
                new DescribeConfigsRequest.Resource(DescribeConfigsRequest.RESOURCE_TYPE_BROKER, "1", null)), true, true);
    }

    private static DescribeConfigsRequestData kafkaRequest(boolean tags) {
        DescribeConfigsRequestData.DescribeConfigsResource topic = new DescribeConfigsRequestData.DescribeConfigsResource()
                .setResourceType((byte) 2).setResourceName("orders")
                .setConfigurationKeys(List.of("retention.ms", "cleanup.policy"));
        DescribeConfigsRequestData.DescribeConfigsResource broker = new DescribeConfigsRequestData.DescribeConfigsResource()
                .setResourceType((byte) 4).setResourceName("1").setConfigurationKeys(null);
        if (tags) {
            withUnknownTag(broker, 2);
        }
        DescribeConfigsRequestData data = new DescribeConfigsRequestData().setResources(List.of(topic, broker))
                .setIncludeSynonyms(true).setIncludeDocumentation(true);
        return tags ? withUnknownTag(data, 1) : data;
    }

    @ParameterizedTest
    @MethodSource("versions")
    void requestMatchesKafka(short v) {
        assertSameAsKafka(ourRequest(), DescribeConfigsRequest::write, DescribeConfigsRequest::read, kafkaRequest(false),
                DescribeConfigsRequestData::new, v);
        assertSkipsUnknownTags(ourRequest(), DescribeConfigsRequest::read, kafkaRequest(true), v);
    }

    private static DescribeConfigsResponse ourResponse() {
        return new DescribeConfigsResponse(12, List.of(
                new DescribeConfigsResponse.Result((short) 0, null, (byte) 2, "orders", List.of(
                        new DescribeConfigsResponse.Config("retention.ms", "604800000", false, (byte) 1, false, List.of(
                                new DescribeConfigsResponse.Synonym("retention.ms", "604800000", (byte) 1),
                                new DescribeConfigsResponse.Synonym("log.retention.ms", null, (byte) 5)),
                                (byte) 5, "How long to keep a log segment."),
                        new DescribeConfigsResponse.Config("ssl.key.password", null, true, (byte) 4, true, List.of(),
                                (byte) 9, null))),
                new DescribeConfigsResponse.Result((short) 41, "not the controller", (byte) 4, "1", List.of())));
    }

    private static DescribeConfigsResponseData kafkaResponse(boolean tags) {
        DescribeConfigsResponseData.DescribeConfigsSynonym s1 = new DescribeConfigsResponseData.DescribeConfigsSynonym()
                .setName("retention.ms").setValue("604800000").setSource((byte) 1);
        DescribeConfigsResponseData.DescribeConfigsSynonym s2 = new DescribeConfigsResponseData.DescribeConfigsSynonym()
                .setName("log.retention.ms").setValue(null).setSource((byte) 5);
        DescribeConfigsResponseData.DescribeConfigsResourceResult retention =
                new DescribeConfigsResponseData.DescribeConfigsResourceResult().setName("retention.ms")
                        .setValue("604800000").setReadOnly(false).setConfigSource((byte) 1).setIsSensitive(false)
                        .setSynonyms(List.of(s1, s2)).setConfigType((byte) 5)
                        .setDocumentation("How long to keep a log segment.");
        DescribeConfigsResponseData.DescribeConfigsResourceResult password =
                new DescribeConfigsResponseData.DescribeConfigsResourceResult().setName("ssl.key.password").setValue(null)
                        .setReadOnly(true).setConfigSource((byte) 4).setIsSensitive(true).setSynonyms(List.of())
                        .setConfigType((byte) 9).setDocumentation(null);
        DescribeConfigsResponseData.DescribeConfigsResult topic = new DescribeConfigsResponseData.DescribeConfigsResult()
                .setErrorCode((short) 0).setErrorMessage(null).setResourceType((byte) 2).setResourceName("orders")
                .setConfigs(List.of(retention, password));
        DescribeConfigsResponseData.DescribeConfigsResult broker = new DescribeConfigsResponseData.DescribeConfigsResult()
                .setErrorCode((short) 41).setErrorMessage("not the controller").setResourceType((byte) 4)
                .setResourceName("1").setConfigs(List.of());
        if (tags) {
            withUnknownTag(s2, 4);
            withUnknownTag(retention, 3);
            withUnknownTag(broker, 2);
        }
        DescribeConfigsResponseData data = new DescribeConfigsResponseData().setThrottleTimeMs(12)
                .setResults(List.of(topic, broker));
        return tags ? withUnknownTag(data, 1) : data;
    }

    @ParameterizedTest
    @MethodSource("versions")
    void responseMatchesKafka(short v) {
        assertSameAsKafka(ourResponse(), DescribeConfigsResponse::write, DescribeConfigsResponse::read,
                kafkaResponse(false), DescribeConfigsResponseData::new, v);
        assertSkipsUnknownTags(ourResponse(), DescribeConfigsResponse::read, kafkaResponse(true), v);
    }
}
