package dev.kurier.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.ConsumerRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

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
    void chunksAreTrackedAndAcknowledgedInOneCallEachWithoutPassingAnOpenRecord() {
        OffsetTracker t = new OffsetTracker();
        List<ConsumerRecord<byte[], byte[]>> chunk = records(a, 3, 4, 6, 7, 9); // gaps, as in compacted topics
        OffsetTracker.Partition offsets = t.dispatched(a, chunk);
        assertThat(t.pendingCount()).isEqualTo(5);
        assertThat(t.resumeOffset(a)).isEqualTo(3);

        t.acknowledged(a, chunk, 2, 4); // 6 and 7: the run after an open record moves nothing
        assertThat(t.resumeOffset(a)).isEqualTo(3);
        assertThat(t.pendingCount()).isEqualTo(3);
        offsets.acknowledged(3); // through the handle the chunk keeps: no lookup
        assertThat(t.resumeOffset(a)).isEqualTo(4);
        t.acknowledged(a, chunk, 0, 2); // 3 again (ignored) and 4: now up to the open 9
        assertThat(t.resumeOffset(a)).isEqualTo(9);
        t.acknowledged(a, chunk, 4, 5);
        assertThat(t.resumeOffset(a)).isEqualTo(10);
        assertThat(t.pendingCount()).isZero();

        // A second chunk interleaved with a third (key ordering hands one partition to several workers).
        t.dispatched(a, records(a, 10, 11, 12, 13));
        t.acknowledged(a, records(a, 11, 13), 0, 2);
        assertThat(t.resumeOffset(a)).isEqualTo(10);
        t.acknowledged(a, records(a, 10, 12), 0, 2);
        assertThat(t.resumeOffset(a)).isEqualTo(14);

        t.forget(List.of(a));
        offsets.acknowledged(20); // a forgotten partition's handle changes nothing the tracker reports
        t.acknowledged(a, chunk, 0, 5);
        assertThat(t.resumeOffsets()).isEmpty();
    }
}
