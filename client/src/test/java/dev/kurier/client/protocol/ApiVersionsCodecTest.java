package dev.kurier.client.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** ApiVersions v3-v4 against kafka-clients' own serialization, both ways. */
class ApiVersionsCodecTest {

    static Stream<Short> versions() {
        return KafkaOracle.versions(ApiKey.API_VERSIONS);
    }

    static ApiVersionsRequestData toKafka(ApiVersionsRequest r) {
        return new ApiVersionsRequestData().setClientSoftwareName(r.clientSoftwareName())
                .setClientSoftwareVersion(r.clientSoftwareVersion());
    }

    static ApiVersionsResponse response() {
        return new ApiVersionsResponse((short) 0, List.of(
                new ApiVersionsResponse.ApiVersion((short) 0, (short) 3, (short) 13),
                new ApiVersionsResponse.ApiVersion((short) 1, (short) 4, (short) 18),
                new ApiVersionsResponse.ApiVersion((short) 18, (short) 0, (short) 4)), 77);
    }

    static ApiVersionsResponseData toKafka(ApiVersionsResponse r) {
        ApiVersionsResponseData.ApiVersionCollection keys = new ApiVersionsResponseData.ApiVersionCollection();
        for (ApiVersionsResponse.ApiVersion v : r.apiKeys()) {
            keys.add(new ApiVersionsResponseData.ApiVersion().setApiKey(v.apiKey()).setMinVersion(v.minVersion())
                    .setMaxVersion(v.maxVersion()));
        }
        return new ApiVersionsResponseData().setErrorCode(r.errorCode()).setApiKeys(keys)
                .setThrottleTimeMs(r.throttleTimeMs());
    }

    @ParameterizedTest
    @MethodSource("versions")
    void requestMatchesKafkaBothWays(short version) {
        KafkaOracle.assertSameAsKafkaVia(ApiVersionsCodecTest::toKafka,
                new ApiVersionsRequest("kurier-java", "0.1.0-SNAPSHOT"), ApiVersionsRequest::write, ApiVersionsRequest::read,
                ApiVersionsRequestData::new, version, m -> { });
    }

    @ParameterizedTest
    @MethodSource("versions")
    void responseMatchesKafkaBothWays(short version) {
        KafkaOracle.assertSameAsKafkaVia(ApiVersionsCodecTest::toKafka, response(),
                ApiVersionsResponse::write, ApiVersionsResponse::read, ApiVersionsResponseData::new, version, m -> { });
    }

    @ParameterizedTest
    @MethodSource("versions")
    void responseFeatureTagsAreSkipped(short version) {
        ApiVersionsResponseData withFeatures = toKafka(response()).setFinalizedFeaturesEpoch(12L).setZkMigrationReady(true);
        withFeatures.supportedFeatures().add(new ApiVersionsResponseData.SupportedFeatureKey()
                .setName("metadata.version").setMinVersion((short) 1).setMaxVersion((short) 27));
        withFeatures.finalizedFeatures().add(new ApiVersionsResponseData.FinalizedFeatureKey()
                .setName("metadata.version").setMinVersionLevel((short) 27).setMaxVersionLevel((short) 27));
        byte[] bytes = KafkaOracle.kafkaBytes(withFeatures, version);
        ApiVersionsResponse parsed = KafkaOracle.readOurs(bytes, ApiVersionsResponse::read, version);
        assertThat(parsed).isEqualTo(response());
    }
}
