package dev.kurier.client.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.Test;

/** Our error table and API version ranges against kafka-clients' own. */
class ErrorsAndApiKeysOracleTest {

    @Test
    void errorCodesAndRetriabilityAgreeWithKafka() {
        int compared = 0;
        java.util.List<String> disagreements = new java.util.ArrayList<>();
        for (org.apache.kafka.common.protocol.Errors theirs : org.apache.kafka.common.protocol.Errors.values()) {
            Errors ours = Errors.forCode(theirs.code());
            if (ours == Errors.UNKNOWN_SERVER_ERROR && theirs.code() != -1) {
                continue; // a code Kurier does not know yet
            }
            compared++;
            if (!ours.name().equals(theirs.name())) {
                disagreements.add("code " + theirs.code() + ": ours " + ours + ", kafka " + theirs);
            }
            boolean retriable = theirs.exception() instanceof RetriableException;
            if (ours.retriable != retriable) {
                disagreements.add(theirs + ": ours retriable=" + ours.retriable + ", kafka " + retriable);
            }
        }
        assertThat(disagreements).as("disagreements with kafka-clients' Errors").isEmpty();
        for (Errors ours : Errors.values()) {
            assertThat(org.apache.kafka.common.protocol.Errors.forCode(ours.code).code())
                    .as("kafka knows code %d (%s)", ours.code, ours).isEqualTo(ours.code);
        }
        assertThat(compared).isEqualTo(Errors.values().length);
    }

    @Test
    void ourVersionRangesLieWithinKafkasAndFlexibleVersionsMatch() {
        for (ApiKey ours : ApiKey.values()) {
            ApiKeys theirs = ApiKeys.forId(ours.id);
            assertThat(theirs.name).as("name of key %d", ours.id).isEqualTo(ours.displayName);
            assertThat(ours.minVersion).as("%s min", ours).isGreaterThanOrEqualTo(theirs.oldestVersion());
            assertThat(ours.maxVersion).as("%s max", ours).isLessThanOrEqualTo(theirs.latestVersion());
            for (short v = theirs.oldestVersion(); v <= theirs.latestVersion(); v++) {
                assertThat(ours.requestHeaderVersion(v)).as("%s v%d request header", ours, v)
                        .isEqualTo(theirs.requestHeaderVersion(v));
                assertThat(ours.responseHeaderVersion(v)).as("%s v%d response header", ours, v)
                        .isEqualTo(theirs.responseHeaderVersion(v));
            }
        }
    }
}
