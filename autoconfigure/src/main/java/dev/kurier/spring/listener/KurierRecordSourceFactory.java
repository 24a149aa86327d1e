package dev.kurier.spring.listener;

import dev.kurier.client.KurierClient;
import dev.kurier.client.consumer.ConsumerConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The default {@link RecordSourceFactory}, over the one shared {@link KurierClient} (each consumer it makes has
 * its own broker connections, so a long-poll fetch never holds up the template's produce requests). Per listener:
 * <ul>
 *   <li>no {@code group.id}: an {@link AssignedPartitionsSource} (every partition, nothing committed);</li>
 *   <li>a {@code group.id} and explicit partitions: an {@link AssignedPartitionsSource} that starts from and
 *       commits to the group's offsets without joining it;</li>
 *   <li>a {@code group.id} otherwise: a {@link GroupRecordSource} (group membership, rebalances).</li>
 * </ul>
 * With a group, {@code enable.auto.commit} is forced off: the container commits what was acknowledged.
 */
public final class KurierRecordSourceFactory implements RecordSourceFactory {

    private final KurierClient client;
    private final Duration metadataTimeout;
    private final Duration commitInterval;

    /**
     * Sources over {@code client}; metadata waits last at most {@code metadataTimeout}; group offsets are committed
     * at most every {@code commitInterval} (and on revocation and stop).
     */
    public KurierRecordSourceFactory(KurierClient client, Duration metadataTimeout, Duration commitInterval) {
        this.client = client;
        this.metadataTimeout = metadataTimeout;
        this.commitInterval = commitInterval;
    }

    @Override
    public RecordSource create(ListenerEndpoint endpoint, ConsumerConfig consumerConfig) {
        String group = consumerConfig.get(ConsumerConfig.GROUP_ID);
        if (group == null || group.isBlank()) {
            return new AssignedPartitionsSource(client, consumerConfig, endpoint, metadataTimeout);
        }
        ConsumerConfig manualCommits = withoutAutoCommit(consumerConfig);
        if (!endpoint.partitions().isEmpty() || !endpoint.topicPartitions().isEmpty()) {
            return new AssignedPartitionsSource(client, manualCommits, endpoint, metadataTimeout, commitInterval);
        }
        return new GroupRecordSource(client, manualCommits, endpoint, commitInterval);
    }

    private static ConsumerConfig withoutAutoCommit(ConsumerConfig config) {
        if (!config.get(ConsumerConfig.ENABLE_AUTO_COMMIT)) {
            return config;
        }
        Map<String, Object> raw = new LinkedHashMap<>();
        config.values().forEach((k, v) -> {
            if (v != null) {
                raw.put(k, v);
            }
        });
        raw.put(ConsumerConfig.ENABLE_AUTO_COMMIT.name(), false);
        return ConsumerConfig.from(raw);
    }
}
