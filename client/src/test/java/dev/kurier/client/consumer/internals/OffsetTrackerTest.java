package dev.kurier.client.consumer.internals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.common.TopicPartition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** The committable offset never passes an unacked record, whatever order acks come in. */
class OffsetTrackerTest {

    private static final TopicPartition TP = new TopicPartition("t", 0);

    @RepeatedTest(50)
    void committableIsAlwaysTheFirstUnackedRecord() {
        Random random = new Random();
        OffsetTracker tracker = new OffsetTracker(Duration.ofMinutes(5));
        List<Long> handed = new ArrayList<>();
        long offset = random.nextInt(1000);
        for (int i = 0; i < 500; i++) {
            offset += 1 + (random.nextInt(10) == 0 ? random.nextInt(5) : 0); // gaps, as after compaction
            tracker.dispatched(TP, offset);
            handed.add(offset);
        }
        long last = offset;
        List<Long> order = new ArrayList<>(handed);
        Collections.shuffle(order, random);
        TreeSet<Long> unacked = new TreeSet<>(handed);
        for (long o : order) {
            tracker.acknowledged(TP, o);
            unacked.remove(o);
            long expected = unacked.isEmpty() ? last + 1 : unacked.first();
            assertThat(tracker.committable()).containsEntry(TP, expected);
            assertThat(tracker.unacked().getOrDefault(TP, 0)).isEqualTo(unacked.size());
        }
    }

    @Test
    void duplicateUnknownAndOldAcksChangeNothing() {
        OffsetTracker tracker = new OffsetTracker(Duration.ofMinutes(5));
        tracker.dispatched(TP, 10);
        tracker.dispatched(TP, 11);
        tracker.acknowledged(TP, 11);
        tracker.acknowledged(TP, 11);
        tracker.acknowledged(TP, 99);
        tracker.acknowledged(new TopicPartition("other", 0), 10);
        assertThat(tracker.committable()).containsEntry(TP, 10L);
        tracker.acknowledged(TP, 10);
        tracker.acknowledged(TP, 10);
        assertThat(tracker.committable()).containsEntry(TP, 12L);
        assertThat(tracker.unacked()).isEmpty();
    }

    @Test
    void waitEmptyReturnsOnceAnotherThreadAcks() throws Exception {
        OffsetTracker tracker = new OffsetTracker(Duration.ofMinutes(5));
        tracker.dispatched(TP, 1);
        assertThat(tracker.waitEmpty(null, Duration.ofMillis(50))).isFalse();
        java.util.concurrent.CompletableFuture<Boolean> emptied = new java.util.concurrent.CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            try {
                emptied.complete(tracker.waitEmpty(List.of(TP), Duration.ofSeconds(10)));
            } catch (InterruptedException e) {
                emptied.completeExceptionally(e);
            }
        });
        waiter.start();
        dev.kurier.client.testing.Eventually.waitFor(Duration.ofSeconds(5), "the waiter waiting",
                () -> waiter.getState() == Thread.State.TIMED_WAITING);
        assertThat(emptied).isNotDone();
        tracker.acknowledged(TP, 1); // from this thread, while the other waits
        assertThat(emptied.get(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        waiter.join();
    }

    @Test
    void forgottenPartitionsAreNotCommitted() {
        OffsetTracker tracker = new OffsetTracker(Duration.ofMinutes(5));
        tracker.dispatched(TP, 5);
        tracker.forget(TP);
        assertThat(tracker.committable()).isEmpty();
    }
}
