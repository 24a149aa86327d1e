package dev.kurier.client.producer.internals;

import dev.kurier.client.producer.Partitioner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/** The built-in partitioners, by their {@code partitioner} config name. */
public final class Partitioners {

    private Partitioners() {
    }

    /** The partitioner named by the {@code partitioner} config value. */
    public static Partitioner forName(String name) {
        return switch (name) {
            case "round-robin" -> roundRobin();
            case "random" -> (topic, key, n) -> ThreadLocalRandom.current().nextInt(n);
            case "hash" -> hashing();
            default -> defaultPartitioner();
        };
    }

    /**
     * Kafka's default: murmur2 of the key for keyed records (same partition as kafka-clients), and for null keys
     * a sticky partition per topic that moves on each time a batch of it is closed, so batches fill up.
     */
    public static Partitioner defaultPartitioner() {
        ConcurrentHashMap<String, Integer> sticky = new ConcurrentHashMap<>();
        return new Partitioner() {
            @Override
            public int partition(String topic, byte[] keyBytes, int numPartitions) {
                if (keyBytes != null) {
                    return Murmur2.partitionForKey(keyBytes, numPartitions);
                }
                Integer p = sticky.get(topic);
                if (p == null || p >= numPartitions) {
                    p = ThreadLocalRandom.current().nextInt(numPartitions);
                    sticky.put(topic, p);
                }
                return p;
            }

            @Override
            public void onNewBatch(String topic, int previousPartition) {
                sticky.computeIfPresent(topic, (t, p) -> p == previousPartition ? p + 1 : p);
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
