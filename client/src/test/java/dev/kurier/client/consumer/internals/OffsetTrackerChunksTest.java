package dev.kurier.client.consumer.internals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.ConsumerRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OffsetTrackerChunksTest {

    private final TopicPartition a = new TopicPartition("t", 0);
    private final TopicPartition b = new TopicPartition("t", 1);

    @Test
    void resumesAtTheLowestUnacknowledgedOffsetWithGaps() {
        OffsetTracker t = new OffsetTracker();
        assertThat(t.resumeOffset(a)).isEqualTo(-1);
        for (long o : new long[] {10, 11, 15, 16}) { // gaps, as in compacted topics
            t.dispatched(a, o);
        }
        t.dispatched(b, 0);
        t.acknowledged(a, 11);
        t.acknowledged(a, 16);
        assertThat(t.resumeOffset(a)).isEqualTo(10);
        t.acknowledged(a, 10);
        assertThat(t.resumeOffset(a)).isEqualTo(15);
        t.acknowledged(a, 15);
        assertThat(t.resumeOffset(a)).isEqualTo(17);
        assertThat(t.resumeOffsets()).containsEntry(a, 17L).containsEntry(b, 0L);
        assertThat(t.pendingCount()).isEqualTo(1);
        t.forget(List.of(b));
        t.acknowledged(b, 0); // ignored
        assertThat(t.resumeOffsets()).containsOnlyKeys(a);
    }

    @Test
    void randomAckOrderNeverPassesAnOpenRecord() {
        Random rnd = new Random(42);
        for (int round = 0; round < 50; round++) {
            OffsetTracker t = new OffsetTracker();
            List<Long> offsets = new ArrayList<>();
            for (long o = 0; o < 100; o++) {
                t.dispatched(a, o);
                offsets.add(o);
            }
            Collections.shuffle(offsets, rnd);
            boolean[] acked = new boolean[100];
            for (long o : offsets) {
                t.acknowledged(a, o);
                acked[(int) o] = true;
                int firstOpen = 0;
                while (firstOpen < 100 && acked[firstOpen]) {
                    firstOpen++;
                }
                assertThat(t.resumeOffset(a)).isEqualTo(firstOpen);
            }
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> records(TopicPartition tp, long... offsets) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        for (long o : offsets) {
            out.add(new ConsumerRecord<>(tp.topic(), tp.partition(), o, 0L, null, null, null, List.of(), 0, 0, -1));
        }
        return out;
    }

    @Test
    void chunkAcknowledgementsInOrderAndOutOfOrderNeverPassAnOpenRecord() {
        OffsetTracker t = new OffsetTracker();
        List<ConsumerRecord<byte[], byte[]>> first = records(a, 0, 1, 3, 4); // a gap, as in compacted topics
        List<ConsumerRecord<byte[], byte[]>> second = records(a, 5, 6, 7);
        OffsetTracker.Chunk c1 = t.chunk(a, first);
        OffsetTracker.Chunk c2 = t.chunk(a, second);
        assertThat(c1.topicPartition()).isEqualTo(a);
        assertThat(t.pendingCount()).isEqualTo(7);
        assertThat(t.resumeOffset(a)).isZero();

        c1.acknowledged(0);
        c1.acknowledged(1);
        c2.acknowledged(0); // another worker's chunk of the same partition (ordering NONE)
        assertThat(t.resumeOffset(a)).isEqualTo(3);
        assertThat(t.pendingCount()).isEqualTo(4);

        c1.acknowledged(3); // out of order (a manual ack): 3 is still open
        assertThat(t.resumeOffset(a)).isEqualTo(3);
        assertThat(t.pendingCount()).isEqualTo(3);
        c1.acknowledged(2);
        assertThat(t.resumeOffset(a)).isEqualTo(6);
        c2.acknowledged(2);
        c2.acknowledged(1);
        assertThat(t.resumeOffset(a)).isEqualTo(8);
        assertThat(t.pendingCount()).isZero();

        // Ordering KEY: one poll's records of a partition split over two workers' chunks that interleave.
        List<ConsumerRecord<byte[], byte[]>> all = records(a, 8, 9, 10, 11);
        OffsetTracker.Chunk even = t.chunk(a, List.of(all.get(0), all.get(2)));
        OffsetTracker.Chunk odd = t.chunk(a, List.of(all.get(1), all.get(3)));
        assertThat(t.pendingCount()).isEqualTo(4);
        odd.acknowledged(0);
        odd.acknowledged(1);
        assertThat(t.resumeOffset(a)).isEqualTo(8);
        even.acknowledged(0);
        assertThat(t.resumeOffset(a)).isEqualTo(10);
        even.acknowledged(1);
        assertThat(t.resumeOffset(a)).isEqualTo(12);

        // A batch: all of a chunk at once; by offset the first open occurrence, a second time nothing.
        OffsetTracker.Chunk batch = t.chunk(a, records(a, 12, 13, 14));
        t.acknowledged(a, 13);
        t.acknowledged(a, 13);
        assertThat(t.pendingCount()).isEqualTo(2);
        batch.acknowledgedAll();
        assertThat(t.resumeOffset(a)).isEqualTo(15);
        assertThat(t.pendingCount()).isZero();

        OffsetTracker.Chunk late = t.chunk(a, records(a, 15));
        t.forget(List.of(a));
        late.acknowledged(0); // a forgotten partition's chunk changes nothing the tracker reports
        assertThat(t.resumeOffsets()).isEmpty();
        assertThat(t.pendingCount()).isZero();
    }

    @Test
    void recordsHandedOutAgainStayOpenUntilEachCopyIsAcknowledged() {
        OffsetTracker t = new OffsetTracker();
        OffsetTracker.Chunk before = t.chunk(a, records(a, 4, 5, 6));
        OffsetTracker.Chunk again = t.chunk(a, records(a, 5, 6)); // a seek back handed 5 and 6 out again
        before.acknowledged(0);
        before.acknowledged(1);
        before.acknowledged(2);
        assertThat(t.resumeOffset(a)).isEqualTo(5);
        again.acknowledged(0);
        assertThat(t.resumeOffset(a)).isEqualTo(6);
        again.acknowledged(1);
        assertThat(t.resumeOffset(a)).isEqualTo(7);
    }
}
