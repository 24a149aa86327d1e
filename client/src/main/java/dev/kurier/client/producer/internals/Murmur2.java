package dev.kurier.client.producer.internals;

/**
 * MurmurHash2 (32-bit, seed 0x9747b28c) as Kafka's default partitioner applies it to serialized keys, so that
 * a keyed record lands on the same partition whichever client wrote it.
 */
public final class Murmur2 {

    private static final int SEED = 0x9747b28c;
    private static final int M = 0x5bd1e995;
    private static final int R = 24;

    private Murmur2() {
    }

    /** The 32-bit hash of {@code data}. */
    public static int hash(byte[] data) {
        int length = data.length;
        int h = SEED ^ length;
        int blocks = length >>> 2;
        for (int i = 0; i < blocks; i++) {
            int off = i << 2;
            int k = (data[off] & 0xff) | ((data[off + 1] & 0xff) << 8) | ((data[off + 2] & 0xff) << 16)
                    | ((data[off + 3] & 0xff) << 24);
            k *= M;
            k ^= k >>> R;
            k *= M;
            h *= M;
            h ^= k;
        }
        int tail = blocks << 2;
        switch (length & 3) {
            case 3:
                h ^= (data[tail + 2] & 0xff) << 16;
                // fall through
            case 2:
                h ^= (data[tail + 1] & 0xff) << 8;
                // fall through
            case 1:
                h ^= data[tail] & 0xff;
                h *= M;
                break;
            default:
                break;
        }
        h ^= h >>> 13;
        h *= M;
        h ^= h >>> 15;
        return h;
    }

    /** The partition kafka-clients' default partitioner picks for a non-null key. */
    public static int partitionForKey(byte[] key, int numPartitions) {
        return (hash(key) & 0x7fffffff) % numPartitions;
    }
}
