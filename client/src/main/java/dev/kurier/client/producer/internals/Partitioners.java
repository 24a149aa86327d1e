package dev.kurier.client.producer.internals;

import dev.kurier.client.producer.Partitioner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/** The built-in partitioners, by their {@code partitioner} config name. */
public final class Partitioners {

    private Partitioners() {
    }

    /** How many batches of a partition wait to be sent: what the default partitioner's sticky placement avoids. */
    @FunctionalInterface
    public interface QueuedBatches {
        /** Batches of {@code topic}'s {@code partition} waiting to be sent. */
        int of(String topic, int partition);
    }

    /** The partitioner named by the {@code partitioner} config value. */
    public static Partitioner forName(String name) {
        return forName(name, (topic, partition) -> 0);
    }

    /** The partitioner named by the {@code partitioner} config value; the default one sees the producer's queues. */
    public static Partitioner forName(String name, QueuedBatches queued) {
        return switch (name) {
            case "round-robin" -> roundRobin();
            case "random" -> (topic, key, n) -> ThreadLocalRandom.current().nextInt(n);
            case "hash" -> hashing();
            default -> defaultPartitioner(queued);
        };
    }

    /**
     * Kafka's default: murmur2 of the key for keyed records (same partition as kafka-clients), and for null keys
     * a sticky partition per topic that moves on each time a batch of it is closed, so batches fill up: to the next
     * partition in turn, so each gets the same share.
     */
    public static Partitioner defaultPartitioner() {
        return defaultPartitioner((topic, partition) -> 0);
    }

    /**
     * The default partitioner whose sticky placement moves on to the partition with the fewest batches waiting
     * ({@code queued}), the next in turn among equals: a partition whose leader is slower gets fewer new batches
     * (as kafka-clients' adaptive partitioning, KIP-794, does), and no partition's queue grows while others run dry.
     */
    public static Partitioner defaultPartitioner(QueuedBatches queued) {
        // A topic's sticky partition; a negative value -(p + 2) means "move on from p" at the next record.
        ConcurrentHashMap<String, Integer> sticky = new ConcurrentHashMap<>();
        return new Partitioner() {
            @Override
            public int partition(String topic, byte[] keyBytes, int numPartitions) {
                if (keyBytes != null) {
                    return Murmur2.partitionForKey(keyBytes, numPartitions);
                }
                Integer p = sticky.get(topic);
                if (p != null && p >= 0 && p < numPartitions) {
                    return p;
                }
                int from = p == null ? ThreadLocalRandom.current().nextInt(numPartitions) : p < 0 ? -p - 1 : p;
                int next = leastQueued(topic, from, numPartitions);
                sticky.put(topic, next);
                return next;
            }

            @Override
            public void onNewBatch(String topic, int previousPartition) {
                sticky.computeIfPresent(topic, (t, p) -> p == previousPartition ? -previousPartition - 2 : p);
            }

            /** From {@code start} on in turn (wrapping), the first partition with the fewest batches waiting. */
            private int leastQueued(String topic, int start, int numPartitions) {
                int first = Math.floorMod(start, numPartitions);
                int best = first;
                int bestQueued = queued.of(topic, first);
                for (int i = 1; i < numPartitions && bestQueued > 0; i++) {
                    int candidate = (first + i) % numPartitions;
                    int q = queued.of(topic, candidate);
                    if (q < bestQueued) {
                        best = candidate;
                        bestQueued = q;
                    }
                }
                return best;
            }
        };
    }

    /** Every record to the next partition in turn, keys ignored. */
    public static Partitioner roundRobin() {
        ConcurrentHashMap<String, AtomicInteger> counters = new ConcurrentHashMap<>();
        return (topic, key, n) -> (counters.computeIfAbsent(topic, t -> new AtomicInteger()).getAndIncrement() & 0x7fffffff) % n;
    }

    /**
     * pykafka's hashing partitioner: the key's hash modulo the partition count (null keys go to a random
     * partition). Differs from the default in the hash (Java's array hash instead of murmur2).
     */
    public static Partitioner hashing() {
        return (topic, key, n) -> key == null ? ThreadLocalRandom.current().nextInt(n)
                : (java.util.Arrays.hashCode(key) & 0x7fffffff) % n;
    }
}
