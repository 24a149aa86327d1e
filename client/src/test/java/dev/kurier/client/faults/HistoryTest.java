package dev.kurier.client.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The scenarios' checker finds each anomaly it names, and calls a clean history clean. */
class HistoryTest {

    @Test
    void aCleanHistoryIsClean() {
        History h = new History();
        h.acknowledged("p1:0:0", 0, 0);
        h.acknowledged("p1:0:1", 0, 1);
        History.Reader r = h.reader("a");
        r.read(0, 0, "p1:0:0");
        r.read(0, 1, "p1:0:1");
        History.Reader again = h.reader("b"); // at-least-once: read again after a rebalance
        again.read(0, 1, "p1:0:1");
        History.Result result = h.check();
        assertThat(result.clean()).isTrue();
        assertThat(result.readTwice()).isEqualTo(1);
        assertThat(result.examples()).isEmpty();
    }

    @Test
    void lostDuplicatedReorderedSkippedAndBackwardsAreFound() {
        History h = new History();
        for (int i = 0; i < 5; i++) {
            h.acknowledged("p1:0:" + i, 0, i);
        }
        h.acknowledged("p1:1:0", 1, 0); // never read: lost
        History.Reader a = h.reader("a");
        a.read(0, 0, "p1:0:0");
        a.read(0, 2, "p1:0:2"); // skips offset 1, which reader b shows the log has
        a.read(0, 1, "p1:0:1"); // backwards
        History.Reader b = h.reader("b");
        b.read(0, 2, "p1:0:2");
        b.read(0, 3, "p1:0:4"); // sequence 4 before 3: reordered (and 3 is at offset 4)
        b.read(0, 4, "p1:0:3");
        b.read(0, 5, "p1:0:3"); // 3 written twice
        History.Result r = h.check();
        assertThat(r.lost()).isEqualTo(1);
        assertThat(r.pollSkips()).isEqualTo(1);
        assertThat(r.nonMonotonic()).isEqualTo(1);
        assertThat(r.reorders()).isEqualTo(1);
        assertThat(r.duplicates()).isEqualTo(1);
        assertThat(r.clean()).isFalse();
        assertThat(r.examples()).anyMatch(e -> e.startsWith("lost p1:1:0"));
    }

    @Test
    void aRebalanceEndsASessionSoReadingFromTheCommittedOffsetAgainIsNotBackwards() {
        History h = new History();
        History.Reader a = h.reader("a");
        a.read(0, 5, "p1:0:5");
        a.rebalanced(List.of(0));
        a.read(0, 3, "p1:0:3");
        assertThat(h.check().nonMonotonic()).isZero();
    }

    @Test
    void aValueReadThenTruncatedAwayIsLostAndTheLogIsWhatWasReadLast() {
        History h = new History();
        for (int i = 0; i < 4; i++) {
            h.acknowledged("p1:0:" + i, 0, i);
        }
        h.acknowledged("p1:0:4", 0, 2); // written again at offsets 2-3 by a new leader after a truncation
        h.acknowledged("p1:0:5", 0, 3);
        History.Reader r = h.reader("r");
        for (int i = 0; i < 4; i++) {
            r.read(0, i, "p1:0:" + i);
        }
        r.read(0, 2, "p1:0:4"); // back to where the logs agree
        r.read(0, 3, "p1:0:5");
        History.Result result = h.check();
        assertThat(result.lost()).as("p1:0:2 and p1:0:3, read and then truncated away").isEqualTo(2);
        assertThat(result.examples()).anyMatch(e -> e.startsWith("lost p1:0:2") && e.contains("truncated away"));
        assertThat(result.reorders()).as("the log as read last: 0, 1, 4, 5").isZero();
        assertThat(result.nonMonotonic()).isEqualTo(1);
        assertThat(result.duplicates()).isZero();
    }
}
