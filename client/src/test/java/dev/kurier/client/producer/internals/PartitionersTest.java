package dev.kurier.client.producer.internals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.producer.Partitioner;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The default partitioner's sticky placement of null-key records: every partition gets its share. */
class PartitionersTest {

    /** Places {@code batches} batches of null-key records: each record goes where the partitioner says, and the
     * sticky partition moves on after each batch. Returns batches per partition. */
    private static int[] placeBatches(Partitioner p, int partitions, int batches) {
        int[] counts = new int[partitions];
        for (int i = 0; i < batches; i++) {
            int partition = p.partition("t", null, partitions);
            for (int r = 0; r < 10; r++) {
                assertThat(p.partition("t", null, partitions)).as("sticky within a batch").isEqualTo(partition);
            }
            counts[partition]++;
            p.onNewBatch("t", partition);
        }
        return counts;
    }

    @Test
    void nullKeyBatchesGoToEveryPartitionInTurn() {
        // Once a bug: moving on from the last partition restarted at a random one, so partition k got k + 1 shares.
        int[] counts = placeBatches(Partitioners.defaultPartitioner(), 6, 600);

        assertThat(counts).containsOnly(100);
    }

    @Test
    void theStickyPartitionMovesOnToTheOneWithFewestBatchesWaiting() {
        Map<Integer, Integer> waiting = new HashMap<>(Map.of(0, 3, 1, 0, 2, 5, 3, 0));
        Partitioner p = Partitioners.defaultPartitioner((topic, partition) -> waiting.getOrDefault(partition, 0));
        int first = p.partition("t", null, 4);
        p.onNewBatch("t", first);
        waiting.put(first, waiting.get(first) + 1);

        int second = p.partition("t", null, 4);

        assertThat(waiting.get(second)).as("moved from %d to %d with queues %s", first, second, waiting).isZero();
        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void aSlowPartitionGetsFewerBatches() {
        // Every 4 batches placed, the leaders take up to 2 batches of each partition, but only 1 of partition 2 every
        // other time: together they keep up, partition 2 alone would not.
        int[] waiting = new int[4];
        Partitioner p = Partitioners.defaultPartitioner((topic, partition) -> waiting[partition]);
        int[] placed = new int[4];
        for (int i = 0; i < 400; i++) {
            int partition = p.partition("t", null, 4);
            placed[partition]++;
            waiting[partition]++;
            p.onNewBatch("t", partition);
            if (i % 4 == 3) {
                for (int q = 0; q < 4; q++) {
                    int taken = q != 2 ? 2 : i % 8 == 7 ? 1 : 0;
                    waiting[q] = Math.max(0, waiting[q] - taken);
                }
            }
        }

        assertThat(placed[2]).as("batches per partition %s", java.util.Arrays.toString(placed))
                .isLessThan(placed[0] * 3 / 4);
        assertThat(waiting[2]).as("its queue stays short").isLessThanOrEqualTo(2);
    }

    @Test
    void keyedRecordsIgnoreTheQueues() {
        Partitioner p = Partitioners.defaultPartitioner((topic, partition) -> partition == 1 ? 100 : 0);
        byte[] key = "order-17".getBytes(StandardCharsets.UTF_8);

        assertThat(p.partition("t", key, 6)).isEqualTo(Murmur2.partitionForKey(key, 6));
    }

    @Test
    void aShrunkPartitionCountIsRespected() {
        Partitioner p = Partitioners.defaultPartitioner();
        int before = p.partition("t", null, 8);
        while (before < 4) {
            p.onNewBatch("t", before);
            before = p.partition("t", null, 8);
        }

        assertThat(p.partition("t", null, 4)).isBetween(0, 3);
    }
}
