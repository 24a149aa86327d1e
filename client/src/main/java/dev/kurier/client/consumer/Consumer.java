package dev.kurier.client.consumer;

import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.group.ConsumerRebalanceListener;
import dev.kurier.client.group.OffsetAndMetadata;
import dev.kurier.client.group.OffsetCommitCallback;
import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads records from Kafka. Not thread-safe: one thread polls; {@link #wakeup()} may be called from any
 * thread. Create with {@link dev.kurier.client.KurierClient#consumer}.
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface Consumer<K, V> extends AutoCloseable, Iterable<ConsumerRecord<K, V>> {

    /**
     * Joins the consumer group ({@code group.id}) and reads the partitions it assigns among these topics. Rebalances
     * happen inside {@link #poll}; offsets come from the group's committed offsets, else {@code auto.offset.reset}.
     *
     * @throws IllegalStateException without a {@code group.id}, or after {@link #assign}
     */
    default void subscribe(Collection<String> topics) {
        subscribe(topics, ConsumerRebalanceListener.NOOP);
    }

    /** {@link #subscribe(Collection)} with a listener called on the polling thread when partitions move. */
    void subscribe(Collection<String> topics, ConsumerRebalanceListener listener);

    /**
     * Joins the consumer group ({@code group.id}) for every topic whose whole name matches {@code pattern}
     * (internal topics such as {@code __consumer_offsets} never match). The matching topics are listed from the
     * cluster's metadata before the first join and again every {@code metadata.max.age.ms} while the application
     * polls; when they change, the member rejoins, so topics created later are assigned and deleted ones dropped.
     * {@link #subscription()} returns the topics matching now.
     *
     * @throws IllegalStateException without a {@code group.id}, or after {@link #assign}
     */
    default void subscribe(Pattern pattern) {
        subscribe(pattern, ConsumerRebalanceListener.NOOP);
    }

    /** {@link #subscribe(Pattern)} with a listener called on the polling thread when partitions move. */
    void subscribe(Pattern pattern, ConsumerRebalanceListener listener);

    /** Leaves the group's subscription (revoking the assigned partitions). */
    void unsubscribe();

    /** The subscribed topics (with a pattern, the topics matching it now), empty when not subscribed. */
    Set<String> subscription();

    /**
     * This member's identity in its group (group id, generation, member id, group instance id), for a transactional
     * producer's {@code sendOffsetsToTransaction}: the coordinator then refuses offsets from a member whose generation
     * has moved on. Take it after the {@code poll} whose records the transaction holds.
     *
     * @throws IllegalStateException without {@code group.id}
     */
    dev.kurier.client.group.GroupMetadata groupMetadata();

    /** Commits the current positions of all assigned partitions to the group, waiting for the answer. */
    void commitSync();

    /** Commits {@code offsets} (the next offset to read, per partition) to the group, waiting for the answer. */
    void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets);

    /** Commits the current positions without waiting; {@code callback} runs on the polling thread in a later poll. */
    void commitAsync(OffsetCommitCallback callback);

    /** Commits {@code offsets} without waiting; {@code callback} runs on the polling thread in a later poll. */
    void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback);

    /** The group's committed offsets for these partitions; partitions without one are absent. */
    Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions);

    /**
     * Marks a record processed (with {@code acks.enabled}): commits advance only past the highest consecutive
     * acknowledged record of each partition. Any thread.
     */
    void ack(ConsumerRecord<K, V> record);

    /** Records handed out and not yet acknowledged, per partition (with {@code acks.enabled}). */
    Map<TopicPartition, Integer> unacked();

    /** Waits until every record handed out is acknowledged, up to {@code timeout}; whether none is left. */
    boolean waitEmpty(Duration timeout);

    /** Reads exactly these partitions (the SimpleConsumer mode), replacing any previous assignment. */
    void assign(Collection<TopicPartition> partitions);

    /** The partitions currently assigned. */
    Set<TopicPartition> assignment();

    /**
     * Returns the records available now, waiting up to {@code timeout} for some. Positions without an offset
     * are reset by {@code auto.offset.reset}.
     *
     * @throws WakeupException if {@link #wakeup()} was called
     */
    ConsumerRecords<K, V> poll(Duration timeout);

    /** The next offset poll will return for {@code partition}, resolving it by {@code auto.offset.reset} if unset. */
    long position(TopicPartition partition);

    /** Next poll reads {@code partition} from {@code offset}. */
    void seek(TopicPartition partition, long offset);

    /** Next poll reads these partitions from their first available offset. */
    void seekToBeginning(Collection<TopicPartition> partitions);

    /** Next poll reads these partitions from their end (only new records). */
    void seekToEnd(Collection<TopicPartition> partitions);

    /** The first available offsets (log start). */
    Map<TopicPartition, Long> beginningOffsets(Collection<TopicPartition> partitions);

    /** The end offsets (high watermark, or last stable offset under read_committed). */
    Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions);

    /**
     * One record, waiting up to {@code timeout} (pykafka's {@code consume(block=True)}), or {@code null} if none came.
     * Shares the buffer of {@link #poll}: records come in the same order.
     */
    ConsumerRecord<K, V> consume(Duration timeout);

    /**
     * Iterates records forever, or until {@code consumer.timeout.ms} passes without a new record (then
     * {@code hasNext()} returns false), as kafka-python's and pykafka's consumers iterate.
     */
    @Override
    Iterator<ConsumerRecord<K, V>> iterator();

    /** Stops returning and fetching records of these partitions until {@link #resume}; positions are kept. */
    void pause(Collection<TopicPartition> partitions);

    /** Resumes paused partitions. */
    void resume(Collection<TopicPartition> partitions);

    /** The paused partitions. */
    Set<TopicPartition> paused();

    /**
     * For each partition, the first offset whose timestamp is at or after the given one (epoch ms), or no entry
     * when no such record exists.
     */
    Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(Map<TopicPartition, Long> timestamps);

    /**
     * Moves positions to the first record at or after {@code timestamp} (pykafka's {@code reset_offsets} by time);
     * partitions with no such record move to their end.
     */
    void seekToTimestamp(Collection<TopicPartition> partitions, long timestamp);

    /** The current position of every assigned partition whose position is known (pykafka's held offsets). */
    Map<TopicPartition, Long> heldOffsets();

    /** Makes a blocked or the next {@link #poll} throw {@link WakeupException}; safe from any thread. */
    void wakeup();

    /** Stops fetching and releases buffers, waiting up to {@code timeout}. */
    void close(Duration timeout);

    @Override
    void close();
}
