package dev.kurier.client.group;

import dev.kurier.client.common.TopicPartition;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * A consumer's membership in a group and its offsets there, whichever protocol the group speaks: the classic one
 * ({@link GroupCoordinator}: JoinGroup/SyncGroup, client-side assignors) or the consumer protocol of KIP-848
 * ({@link ConsumerGroupMember}: ConsumerGroupHeartbeat, assignment by the broker). {@code group.protocol} picks one.
 * Threads as {@link GroupCoordinator} says: the polling thread for most calls, any thread where noted there.
 */
public interface GroupMember extends AutoCloseable {

    /** The member for {@code group.protocol} of {@code config}. */
    static GroupMember create(GroupConfig config, dev.kurier.client.network.NetworkClient network,
                              dev.kurier.client.cluster.MetadataManager metadata) {
        return config.consumerProtocol() ? new ConsumerGroupMember(config, network, metadata)
                : new GroupCoordinator(config, network, metadata);
    }

    /** Subscribes to {@code topics} with {@code listener} (replacing both). */
    void subscribe(Collection<String> topics, ConsumerRebalanceListener listener);

    /** Subscribes to the topics matching {@code pattern}. */
    void subscribe(Pattern pattern, Duration refreshInterval, ConsumerRebalanceListener listener);

    /** The topics subscribed to (matched so far, for a pattern). */
    List<String> subscription();

    /** Where auto-commit takes the offsets to commit from. */
    void autoCommitFrom(Supplier<Map<TopicPartition, OffsetAndMetadata>> source);

    /** The application polled (the {@code max.poll.interval.ms} timer). Any thread. */
    void pollCalled();

    /** Drives the membership; returns whether the member is stable with a current assignment. */
    boolean poll(Duration timeout);

    /** The partitions assigned to this member now. */
    Set<TopicPartition> assignment();

    /** What a transactional producer sends with the offsets (generation or member epoch, member id). Any thread. */
    GroupMetadata groupMetadata();

    /** Whether the member is stable in the group. */
    boolean isStable();

    /** Asks for a rebalance (classic protocol; the consumer protocol assigns on the broker and ignores it). */
    void enforceRebalance(String reason);

    /** Makes a blocked call of the polling thread return. Any thread. */
    void wakeup();

    /** Leaves the group, revoking the assignment. */
    void unsubscribe();

    /** Commits and waits up to {@code timeout}. */
    void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout);

    /** Commits and waits up to {@code default.api.timeout.ms}. */
    void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets);

    /** Commits without waiting; {@code callback} runs on the polling thread later. Any thread. */
    CompletableFuture<Void> commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback);

    /** The committed offsets of {@code partitions}. */
    Map<TopicPartition, OffsetAndMetadata> committed(Collection<TopicPartition> partitions, Duration timeout);

    /** The committed offsets of {@code partitions}, without blocking. Any thread. */
    CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> committedAsync(Collection<TopicPartition> partitions,
                                                                             Duration timeout);

    /** The committed offsets last seen per partition; no request is made. Any thread. */
    Map<TopicPartition, Long> knownCommitted();

    /** Commits (auto-commit), revokes, leaves and releases the threads within {@code timeout}. */
    void close(Duration timeout);

    @Override
    void close();
}
