package dev.kurier.client.admin;

import dev.kurier.client.common.TopicPartition;
import java.util.Map;

/**
 * One log directory of a broker.
 *
 * @param path the directory
 * @param error NONE, or the error that makes it unusable (KAFKA_STORAGE_ERROR)
 * @param replicas the replicas it holds: size in bytes and lag behind the log end
 * @param totalBytes the volume's size, or -1 when unknown
 * @param usableBytes the volume's free space, or -1 when unknown
 */
public record LogDirDescription(String path, String error, Map<TopicPartition, ReplicaInfo> replicas, long totalBytes,
                                long usableBytes) {

    /**
     * One replica in a log directory.
     *
     * @param sizeBytes its size on disk
     * @param offsetLag how far its log end is behind the partition's high watermark (future replicas)
     * @param future whether it is the future replica of a move between directories
     */
    public record ReplicaInfo(long sizeBytes, long offsetLag, boolean future) {
    }
}
