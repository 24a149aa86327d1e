package dev.kurier.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.common.TopicPartition;
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
}
