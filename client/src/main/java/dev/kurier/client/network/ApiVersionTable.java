package dev.kurier.client.network;

import dev.kurier.client.protocol.ApiKey;
import dev.kurier.client.protocol.message.ApiVersionsResponse;

/**
 * The API versions one broker advertised, and the version Kurier uses for each API on that connection:
 * the highest version both sides support.
 */
public final class ApiVersionTable {

    private final Endpoint broker;
    private final short[] brokerMin = new short[256];
    private final short[] brokerMax = new short[256];
    private final boolean[] known = new boolean[256];
    private final java.util.Map<String, Short> finalizedFeatures = new java.util.HashMap<>();

    ApiVersionTable(Endpoint broker, ApiVersionsResponse response) {
        this.broker = broker;
        for (ApiVersionsResponse.ApiVersion v : response.apiKeys()) {
            int key = v.apiKey();
            if (key >= 0 && key < known.length) {
                known[key] = true;
                brokerMin[key] = v.minVersion();
                brokerMax[key] = v.maxVersion();
            }
        }
        if (response.finalizedFeaturesEpoch() >= 0 && response.finalizedFeatures() != null) {
            for (ApiVersionsResponse.FinalizedFeatureKey f : response.finalizedFeatures()) {
                finalizedFeatures.put(f.name(), f.maxVersionLevel());
            }
        }
    }

    /**
     * The cluster-wide finalized level of {@code feature} (such as {@code transaction.version}) this broker reported,
     * or 0 when it reported none (older brokers, or the feature is off).
     */
    public short finalizedLevel(String feature) {
        return finalizedFeatures.getOrDefault(feature, (short) 0);
    }

    /**
     * The version to use for {@code api}: {@code min(ours.max, broker.max)}.
     *
     * @throws UnsupportedApiException naming the API and both ranges when they do not overlap
     */
    public short negotiate(ApiKey api) {
        return negotiate(api, Short.MAX_VALUE);
    }

    /**
     * {@link #negotiate(ApiKey)} for a request that must not go above {@code cap} (see
     * {@link dev.kurier.client.protocol.Request#maxVersion()}).
     *
     * @throws UnsupportedApiException when no version at or below {@code cap} suits both sides
     */
    public short negotiate(ApiKey api, short cap) {
        int id = api.id;
        if (!known[id]) {
            throw new UnsupportedApiException(broker, "does not support " + api.displayName + " (api key " + id
                    + "); Kurier needs v" + api.minVersion + "-" + api.maxVersion);
        }
        short version = (short) Math.min(Math.min(api.maxVersion, cap), brokerMax[id]);
        if (version < api.minVersion || version < brokerMin[id]) {
            throw new UnsupportedApiException(broker, "supports " + api.displayName + " v" + brokerMin[id] + "-"
                    + brokerMax[id] + " but Kurier needs v" + api.minVersion + "-" + Math.min(api.maxVersion, cap)
                    + " (brokers from Apache Kafka 2.8 on)");
        }
        return version;
    }

    /** Whether the broker supports {@code api} at a version Kurier implements. */
    public boolean supports(ApiKey api) {
        int id = api.id;
        return known[id] && Math.min(api.maxVersion, brokerMax[id]) >= Math.max(api.minVersion, brokerMin[id]);
    }

    /** The broker's advertised maximum for {@code api}, or -1 if it does not list it. */
    public short brokerMaxVersion(ApiKey api) {
        return known[api.id] ? brokerMax[api.id] : -1;
    }
}
