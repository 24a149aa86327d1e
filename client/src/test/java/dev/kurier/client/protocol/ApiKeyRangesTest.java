package dev.kurier.client.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.message.ApiMessageType;
import org.junit.jupiter.api.Test;

/**
 * Every API of the generated {@link ApiKey} table: each version Kurier negotiates is one kafka-clients implements as
 * stable, with the same header versions and the same flexible encoding.
 */
class ApiKeyRangesTest {

    @Test
    void rangesAreStableKafkaVersionsWithTheSameHeaders() {
        for (ApiKey api : ApiKey.values()) {
            ApiMessageType kafka = ApiMessageType.fromApiKey(api.id);
            assertThat(kafka.name).as("name of key %d", api.id).isEqualTo(api.displayName);
            assertThat(api.minVersion).as("%s min", api).isGreaterThanOrEqualTo(kafka.lowestSupportedVersion());
            assertThat(api.maxVersion).as("%s max", api).isLessThanOrEqualTo(kafka.highestSupportedVersion(false));
            for (short v = api.minVersion; v <= api.maxVersion; v++) {
                assertThat(api.requestHeaderVersion(v)).as("%s v%d request header", api, v)
                        .isEqualTo(KafkaOracle.kafkaRequestHeaderVersion(api, v));
                assertThat(api.responseHeaderVersion(v)).as("%s v%d response header", api, v)
                        .isEqualTo(KafkaOracle.kafkaResponseHeaderVersion(api, v));
                assertThat(api.isFlexible(v)).as("%s v%d flexible", api, v)
                        .isEqualTo(kafka.requestHeaderVersion(v) >= 2);
            }
        }
    }
}
