package dev.kurier.client.consumer.parallel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WeightedQueueTest {

    private static WeightedQueue<List<String>> queue(int capacity) {
        return new WeightedQueue<>(capacity, List::size);
    }

    @Test
    void boundIsTheSummedWeightNotTheNumberOfItems() throws Exception {
        WeightedQueue<List<String>> q = queue(5);
        assertThat(q.offer(List.of("a", "b", "c"), 0, TimeUnit.MILLISECONDS)).isTrue();
        assertThat(q.offer(List.of("d", "e", "f"), 20, TimeUnit.MILLISECONDS)).as("3 + 3 > 5").isFalse();
        assertThat(q.offer(List.of("d", "e"), 0, TimeUnit.MILLISECONDS)).isTrue();
        assertThat(q.weight()).isEqualTo(5);
        assertThat(q.offer(List.of("x"), 0, TimeUnit.MILLISECONDS)).isFalse();

        assertThat(q.poll(0, TimeUnit.MILLISECONDS)).containsExactly("a", "b", "c");
        assertThat(q.weight()).isEqualTo(2);
        assertThat(q.offer(List.of("f", "g", "h"), 0, TimeUnit.MILLISECONDS)).isTrue();
        assertThat(q.poll(0, TimeUnit.MILLISECONDS)).containsExactly("d", "e");
        assertThat(q.poll(0, TimeUnit.MILLISECONDS)).containsExactly("f", "g", "h");
        assertThat(q.poll(10, TimeUnit.MILLISECONDS)).isNull();
        assertThat(q.weight()).isZero();
    }

    @Test
    void anItemHeavierThanTheCapacityStillFitsAnEmptyQueue() throws Exception {
        WeightedQueue<List<String>> q = queue(2);
        assertThat(q.offer(List.of("a", "b", "c"), 0, TimeUnit.MILLISECONDS)).isTrue();
        assertThat(q.offer(List.of("d"), 0, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(q.clear()).isEqualTo(3);
        assertThat(q.offer(List.of("d"), 0, TimeUnit.MILLISECONDS)).isTrue();
    }

    @Test
    void aWaitingOfferGoesInOnceATakeMakesRoom() throws Exception {
        WeightedQueue<List<String>> q = queue(3);
        q.offer(List.of("a", "b"), 0, TimeUnit.MILLISECONDS);
        CompletableFuture<Boolean> put = new CompletableFuture<>();
        Thread putter = new Thread(() -> {
            try {
                put.complete(q.offer(List.of("c", "d"), 10, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                put.completeExceptionally(e);
            }
        });
        putter.start();
        dev.kurier.client.testing.Eventually.waitFor(java.time.Duration.ofSeconds(5), "the putter waiting for room",
                () -> putter.getState() == Thread.State.TIMED_WAITING);
        assertThat(put).isNotDone();
        assertThat(q.poll(1, TimeUnit.SECONDS)).containsExactly("a", "b");
        assertThat(put.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(q.poll(1, TimeUnit.SECONDS)).containsExactly("c", "d");
    }

    @Test
    void closeWakesATakerAndRefusesMoreButWhatIsQueuedIsStillTaken() throws Exception {
        WeightedQueue<List<String>> q = queue(3);
        CompletableFuture<List<String>> taken = new CompletableFuture<>();
        Thread taker = new Thread(() -> {
            try {
                taken.complete(q.take());
            } catch (InterruptedException e) {
                taken.completeExceptionally(e);
            }
        });
        taker.start();
        dev.kurier.client.testing.Eventually.waitFor(java.time.Duration.ofSeconds(5), "the taker waiting",
                () -> taker.getState() == Thread.State.WAITING);
        q.close();
        assertThat(taken.get(5, TimeUnit.SECONDS)).as("closed and empty").isNull();

        WeightedQueue<List<String>> q2 = queue(3);
        assertThat(q2.offer(List.of("a"))).isTrue();
        q2.close();
        assertThat(q2.offer(List.of("b"))).as("closed").isFalse();
        assertThat(q2.offer(List.of("b"), 1, TimeUnit.SECONDS)).as("closed, without waiting").isFalse();
        assertThat(q2.take()).containsExactly("a");
        assertThat(q2.take()).isNull();
    }
}
