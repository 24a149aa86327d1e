package dev.kurier.client.group;

import dev.kurier.client.common.TopicPartition;
import java.util.Map;

/**
 * Told how an asynchronous commit ended. Called on the consumer's polling thread, during a later
 * {@code poll}, {@code commitSync} or {@code close}, in the order the commits completed.
 */
@FunctionalInterface
public interface OffsetCommitCallback {

    /**
     * @param offsets   the offsets that were to be committed
     * @param exception {@code null} on success; else why the commit failed ({@link CommitFailedException} when
     *                  the group has moved on, {@link RebalanceInProgressException} during a rebalance)
     */
    void onComplete(Map<TopicPartition, OffsetAndMetadata> offsets, Exception exception);
}
