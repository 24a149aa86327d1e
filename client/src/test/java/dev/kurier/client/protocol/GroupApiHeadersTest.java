package dev.kurier.client.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;
import org.apache.kafka.common.message.ApiMessageType;
import org.junit.jupiter.api.Test;

/**
 * The APIs this package's group, offset, producer-id, config and SASL codecs implement: every version in
 * {@link ApiKey}'s range is one kafka-clients implements as stable, with the same header versions.
 */
class GroupApiHeadersTest {

    private static final Set<ApiKey> APIS = EnumSet.of(ApiKey.FIND_COORDINATOR, ApiKey.JOIN_GROUP, ApiKey.SYNC_GROUP,
            ApiKey.HEARTBEAT, ApiKey.LEAVE_GROUP, ApiKey.OFFSET_COMMIT, ApiKey.OFFSET_FETCH, ApiKey.LIST_GROUPS,
            ApiKey.DESCRIBE_GROUPS, ApiKey.INIT_PRODUCER_ID, ApiKey.DESCRIBE_CONFIGS, ApiKey.SASL_HANDSHAKE,
            ApiKey.SASL_AUTHENTICATE);

    @Test
    void rangesAreStableKafkaVersionsWithTheSameHeaders() {
        for (ApiKey api : APIS) {
            ApiMessageType kafka = ApiMessageType.fromApiKey(api.id);
            assertThat(api.minVersion).as("%s min", api).isGreaterThanOrEqualTo(kafka.lowestSupportedVersion());
            assertThat(api.maxVersion).as("%s max", api).isLessThanOrEqualTo(kafka.highestSupportedVersion(false));
            for (short v = api.minVersion; v <= api.maxVersion; v++) {
                assertThat(api.requestHeaderVersion(v)).as("%s v%d request header", api, v)
                        .isEqualTo(KafkaOracle.kafkaRequestHeaderVersion(api, v));
                assertThat(api.responseHeaderVersion(v)).as("%s v%d response header", api, v)
                        .isEqualTo(KafkaOracle.kafkaResponseHeaderVersion(api, v));
                // Only SaslHandshake is implemented below its flexible versions.
                assertThat(api.isFlexible(v)).as("%s v%d flexible", api, v).isEqualTo(api != ApiKey.SASL_HANDSHAKE);
            }
        }
    }
}
