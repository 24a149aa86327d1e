package dev.kurier.client.admin;

import java.util.Map;

/**
 * The cluster's feature flags (KIP-584): what the brokers support and what the cluster has finalized
 * ({@code metadata.version}, {@code kraft.version}, {@code group.version}, {@code transaction.version}, ...).
 *
 * @param finalized each finalized feature's level
 * @param supported each feature's range the answering broker supports
 * @param finalizedEpoch the epoch of the finalized levels, or -1 when unknown
 */
public record FeatureMetadata(Map<String, Short> finalized, Map<String, Range> supported, long finalizedEpoch) {

    /**
     * A supported range of feature levels.
     *
     * @param min the lowest level
     * @param max the highest level
     */
    public record Range(short min, short max) {
    }
}
