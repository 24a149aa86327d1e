package dev.kurier.client.group;

import dev.kurier.client.config.ConfigException;
import dev.kurier.client.group.assignor.Assignors;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link GroupCoordinator} needs, taken from the client and consumer configs (by the consumer:
 * {@code consumer.internals.GroupConfigs}).
 *
 * @param groupId              {@code group.id}
 * @param groupInstanceId      {@code group.instance.id}, or {@code null} for a dynamic member
 * @param clientId             {@code client.id} (thread names, logs)
 * @param sessionTimeout       {@code session.timeout.ms}
 * @param rebalanceTimeout     {@code max.poll.interval.ms}: also how long the coordinator waits for members to rejoin
 * @param heartbeatInterval    {@code heartbeat.interval.ms}
 * @param requestTimeout       {@code request.timeout.ms}
 * @param retryBackoff         {@code retry.backoff.ms}: before rediscovering the coordinator or retrying a join
 * @param defaultApiTimeout    {@code default.api.timeout.ms}: blocking calls given no timeout
 * @param assignors            {@code partition.assignment.strategy}
 * @param autoCommit           {@code enable.auto.commit}
 * @param autoCommitInterval   {@code auto.commit.interval.ms}
 * @param commitMaxRetries     {@code offsets.commit.max.retries}
 * @param commitRetryBackoff   {@code offsets.retry.backoff.ms}
 * @param requireStableOffsets fetch committed offsets only once no transaction is pending on them
 *                             ({@code isolation.level=read_committed})
 * @param rackId               {@code client.rack} sent in the subscription, or {@code null}
 * @param groupProtocol        {@code group.protocol}: {@code classic} or {@code consumer} (KIP-848)
 * @param remoteAssignor       {@code group.remote.assignor} for the consumer protocol, or {@code null}
 */
public record GroupConfig(String groupId, String groupInstanceId, String clientId, Duration sessionTimeout,
        Duration rebalanceTimeout, Duration heartbeatInterval, Duration requestTimeout, Duration retryBackoff,
        Duration defaultApiTimeout, List<String> assignors, boolean autoCommit, Duration autoCommitInterval,
        int commitMaxRetries, Duration commitRetryBackoff, boolean requireStableOffsets, String rackId,
        String groupProtocol, String remoteAssignor) {

    /** Validates, naming the config key on error. */
    public GroupConfig {
        if (groupId == null || groupId.isEmpty()) {
            throw new ConfigException("group.id", "is required for group membership and offset commits");
        }
        if (groupInstanceId != null && groupInstanceId.isEmpty()) {
            throw new ConfigException("group.instance.id", "must not be empty; leave it unset for a dynamic member");
        }
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(sessionTimeout, "session.timeout.ms");
        Objects.requireNonNull(rebalanceTimeout, "max.poll.interval.ms");
        Objects.requireNonNull(heartbeatInterval, "heartbeat.interval.ms");
        Objects.requireNonNull(requestTimeout, "request.timeout.ms");
        Objects.requireNonNull(retryBackoff, "retry.backoff.ms");
        Objects.requireNonNull(defaultApiTimeout, "default.api.timeout.ms");
        Objects.requireNonNull(autoCommitInterval, "auto.commit.interval.ms");
        Objects.requireNonNull(commitRetryBackoff, "offsets.retry.backoff.ms");
        if (heartbeatInterval.compareTo(sessionTimeout) >= 0) {
            throw new ConfigException("heartbeat.interval.ms", "(" + heartbeatInterval.toMillis()
                    + ") must be lower than session.timeout.ms (" + sessionTimeout.toMillis()
                    + "); a third of it is usual");
        }
        if (commitMaxRetries < 0) {
            throw new ConfigException("offsets.commit.max.retries", "must be >= 0, got " + commitMaxRetries);
        }
        assignors = List.copyOf(assignors == null ? Assignors.DEFAULT : assignors);
        groupProtocol = groupProtocol == null ? "classic" : groupProtocol;
        if (!groupProtocol.equals("classic") && !groupProtocol.equals("consumer")) {
            throw new ConfigException("group.protocol", "must be classic or consumer, got '" + groupProtocol + "'");
        }
    }

    /** Whether the group speaks the consumer protocol of KIP-848 ({@code group.protocol=consumer}). */
    public boolean consumerProtocol() {
        return groupProtocol.equals("consumer");
    }

    /** Whether this member is static (has a {@code group.instance.id}). */
    public boolean isStatic() {
        return groupInstanceId != null;
    }

    /** This config with another assignor list. */
    public GroupConfig withAssignors(List<String> names) {
        return new GroupConfig(groupId, groupInstanceId, clientId, sessionTimeout, rebalanceTimeout, heartbeatInterval,
                requestTimeout, retryBackoff, defaultApiTimeout, names, autoCommit, autoCommitInterval,
                commitMaxRetries, commitRetryBackoff, requireStableOffsets, rackId, groupProtocol, remoteAssignor);
    }
}
