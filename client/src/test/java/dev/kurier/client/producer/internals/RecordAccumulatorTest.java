package dev.kurier.client.producer.internals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.producer.BufferExhaustedException;
import dev.kurier.client.testing.ManualClock;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The accumulator on a manual clock: batches are stamped with the clock's time (linger and delivery timeout start
 * there), and a send blocked for room gives up when the clock passes max.block.ms, not an hour of real time later.
 */
class RecordAccumulatorTest {

    private static final TopicPartition TP = new TopicPartition("t", 0);
    private static final Duration MAX_BLOCK = Duration.ofHours(1);
    private final ManualClock clock = new ManualClock();
    private final RecordAccumulator accumulator = new RecordAccumulator(1024, 1_000_000,
            UnpooledByteBufAllocator.DEFAULT, new Pacer(false, 1024, 1024 * 1024, new ProducerMetrics(), clock));

    @Test
    void aBatchIsStampedWithTheClocksTime() throws Exception {
        clock.advance(Duration.ofMinutes(3));
        ProducerBatch b = accumulator.newBatch(TP, 512, 512, 0, clock.nanoTime() + MAX_BLOCK.toNanos(), MAX_BLOCK);
        try {
            assertThat(b.createdNanos).isEqualTo(clock.nanoTime());
        } finally {
            b.release();
        }
    }

    @Test
    void aSendWaitingForRoomGivesUpWhenTheClockPassesMaxBlock() throws Exception {
        ProducerBatch full = accumulator.newBatch(TP, 1024, 1024, 0, clock.nanoTime() + MAX_BLOCK.toNanos(), MAX_BLOCK);
        try {
            long deadline = clock.nanoTime() + MAX_BLOCK.toNanos();
            CompletableFuture<Throwable> blocked = CompletableFuture.supplyAsync(() -> {
                try {
                    accumulator.newBatch(TP, 512, 512, 0, deadline, MAX_BLOCK).release();
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            assertThat(blocked).as("still waiting for room: the clock has not moved").isNotDone();
            clock.advance(MAX_BLOCK);
            Throwable t = blocked.get(10, TimeUnit.SECONDS); // the wait looks at the clock every 100 ms at most
            assertThat(t).isInstanceOf(BufferExhaustedException.class)
                    .hasMessageContaining("max.block.ms = 3600000 ms").hasMessageContaining("buffer.memory = 1024");
        } finally {
            full.release();
        }
    }

    @Test
    void aDeadlineAlreadyPastFailsAtOnceNamingTheLimit() throws Exception {
        ProducerBatch full = accumulator.newBatch(TP, 1024, 1024, 0, clock.nanoTime() + 1, MAX_BLOCK);
        try {
            assertThatThrownBy(() -> accumulator.newBatch(TP, 100, 100, 0, clock.nanoTime(), MAX_BLOCK))
                    .isInstanceOf(BufferExhaustedException.class).hasMessageContaining(TP.toString());
        } finally {
            full.release();
        }
    }
}
