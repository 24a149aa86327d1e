package dev.kurier.client.consumer.internals;

import dev.kurier.client.ClientConfig;
import dev.kurier.client.consumer.ConsumerConfig;
import dev.kurier.client.group.GroupConfig;

/**
 * A consumer's group settings, read from its configs. Here rather than in {@code group}: the group layer knows
 * nothing of the consumer's API (the consumer uses the group, not the other way round).
 */
public final class GroupConfigs {

    private GroupConfigs() {
    }

    /** The group settings of a consumer. */
    public static GroupConfig of(ClientConfig client, ConsumerConfig consumer) {
        return new GroupConfig(consumer.get(ConsumerConfig.GROUP_ID), consumer.get(ConsumerConfig.GROUP_INSTANCE_ID),
                client.clientId(), consumer.get(ConsumerConfig.SESSION_TIMEOUT_MS),
                consumer.get(ConsumerConfig.MAX_POLL_INTERVAL_MS), consumer.get(ConsumerConfig.HEARTBEAT_INTERVAL_MS),
                client.get(ClientConfig.REQUEST_TIMEOUT_MS), client.get(ClientConfig.RETRY_BACKOFF_MS),
                consumer.get(ConsumerConfig.DEFAULT_API_TIMEOUT_MS),
                consumer.get(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY),
                // with acks enabled the committer runs on commit.interval.ms, committing acknowledged offsets
                consumer.get(ConsumerConfig.ENABLE_AUTO_COMMIT) || consumer.get(ConsumerConfig.ACKS_ENABLED),
                consumer.get(ConsumerConfig.ACKS_ENABLED) ? consumer.get(ConsumerConfig.COMMIT_INTERVAL_MS)
                        : consumer.get(ConsumerConfig.AUTO_COMMIT_INTERVAL_MS),
                consumer.get(ConsumerConfig.OFFSETS_COMMIT_MAX_RETRIES),
                consumer.get(ConsumerConfig.OFFSETS_RETRY_BACKOFF_MS),
                "read_committed".equals(consumer.get(ConsumerConfig.ISOLATION_LEVEL)),
                consumer.get(ConsumerConfig.CLIENT_RACK).isEmpty() ? null : consumer.get(ConsumerConfig.CLIENT_RACK),
                consumer.get(ConsumerConfig.GROUP_PROTOCOL), consumer.get(ConsumerConfig.GROUP_REMOTE_ASSIGNOR));
    }

}
