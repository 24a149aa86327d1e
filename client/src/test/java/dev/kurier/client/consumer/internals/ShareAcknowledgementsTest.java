package dev.kurier.client.consumer.internals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.AcknowledgeType;
import dev.kurier.client.consumer.ShareConsumerMetrics;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The share consumer's record bookkeeping: acknowledgement, implicit acceptance, renewal, lock expiry, batching. */
class ShareAcknowledgementsTest {

    private final TopicPartition tp = new TopicPartition("t", 0);
    private final ShareConsumerMetrics metrics = new ShareConsumerMetrics();
    private final java.util.concurrent.atomic.AtomicInteger signals = new java.util.concurrent.atomic.AtomicInteger();
    private final ShareAcknowledgements acks = new ShareAcknowledgements(metrics, signals::incrementAndGet);

    @Test
    void implicitModeAcceptsWhatWasNotAcknowledgedOtherwise() {
        acks.delivered(tp, 0, (short) 1, 1_000);
        acks.delivered(tp, 1, (short) 2, 1_000);
        acks.acknowledge(tp, 1, AcknowledgeType.RELEASE, "c");
        assertThat(acks.deliveryCount(tp, 1)).as("readable until the next poll").isEqualTo(2);
        acks.nextPoll(true, 0);
        assertThat(acks.takeAll()).containsExactly(Map.entry(tp,
                new TreeMap<>(Map.of(0L, AcknowledgeType.ACCEPT, 1L, AcknowledgeType.RELEASE))));
        assertThat(acks.deliveryCount(tp, 0)).isEqualTo(-1);
        assertThat(metrics.acquired()).isEqualTo(2);
        assertThat(metrics.redelivered()).isEqualTo(1);
        assertThat(metrics.accepted()).isEqualTo(1);
        assertThat(metrics.released()).isEqualTo(1);
    }

    @Test
    void explicitModeHoldsRecordsUntilTheirLockEndsThenCountsThemExpired() {
        acks.delivered(tp, 0, (short) 1, 1_000);
        acks.delivered(tp, 1, (short) 1, 5_000);
        acks.nextPoll(false, 2_000);
        assertThat(metrics.lockExpiries()).isEqualTo(1);
        assertThatThrownBy(() -> acks.acknowledge(tp, 0, AcknowledgeType.ACCEPT, "c"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("t-0@0");
        acks.acknowledge(tp, 1, AcknowledgeType.REJECT, "c");
        assertThatThrownBy(() -> acks.acknowledge(tp, 1, AcknowledgeType.ACCEPT, "c"))
                .as("once only").isInstanceOf(IllegalStateException.class);
        assertThat(acks.take(tp)).containsExactly(Map.entry(1L, AcknowledgeType.REJECT));
        assertThat(acks.hasPending()).isFalse();
    }

    @Test
    void aRecordDeliveredAgainWhileStillHeldHadItsLockExpire() {
        acks.delivered(tp, 7, (short) 1, Long.MAX_VALUE);
        acks.delivered(tp, 7, (short) 2, Long.MAX_VALUE);
        assertThat(metrics.lockExpiries()).isEqualTo(1);
        assertThat(acks.deliveryCount(tp, 7)).isEqualTo(2);
    }

    @Test
    void refusedAcknowledgementsCountAsExpiriesAndFailedSendsAreRestored() {
        acks.delivered(tp, 0, (short) 1, Long.MAX_VALUE);
        acks.acknowledge(tp, 0, AcknowledgeType.ACCEPT, "c");
        TreeMap<Long, AcknowledgeType> sent = acks.take(tp);
        acks.restore(tp, sent);
        assertThat(acks.hasPending()).isTrue();
        acks.refusedAsExpired(tp, acks.take(tp));
        assertThat(metrics.lockExpiries()).isEqualTo(1);
    }

    @Test
    void aRenewedRecordStaysHeldGoesByItselfAndGetsTheLockTheBrokerConfirmed() {
        acks.delivered(tp, 0, (short) 1, 1_000);
        acks.delivered(tp, 1, (short) 1, 1_000);
        acks.acknowledge(tp, 0, AcknowledgeType.RENEW, "c");
        acks.acknowledge(tp, 1, AcknowledgeType.ACCEPT, "c");
        assertThat(signals).as("each acknowledgement wakes the fetcher").hasValue(2);
        assertThat(metrics.renewed()).isEqualTo(1);
        assertThat(acks.hasPendingRenewal()).isTrue();
        assertThat(acks.take(tp)).as("a renewal does not ride on a fetch").isNull();
        TreeMap<Long, AcknowledgeType> sent = acks.takeAll().get(tp);
        assertThat(sent).containsExactly(Map.entry(0L, AcknowledgeType.RENEW), Map.entry(1L, AcknowledgeType.ACCEPT));
        acks.renewed(tp, sent, 9_000);
        acks.nextPoll(false, 2_000); // past the first lock, within the renewed one
        assertThat(metrics.lockExpiries()).isZero();
        assertThat(acks.deliveryCount(tp, 0)).isEqualTo(1);
        acks.acknowledge(tp, 0, AcknowledgeType.ACCEPT, "c"); // the final word after the renewal
        assertThat(acks.take(tp)).containsExactly(Map.entry(0L, AcknowledgeType.ACCEPT));
    }

    @Test
    void aRenewalRefusedAsExpiredLetsTheRecordGoAndALaterOneWinsOverARestoredOne() {
        acks.delivered(tp, 4, (short) 1, Long.MAX_VALUE);
        acks.acknowledge(tp, 4, AcknowledgeType.RENEW, "c");
        TreeMap<Long, AcknowledgeType> sent = acks.takeAll().get(tp);
        acks.acknowledge(tp, 4, AcknowledgeType.REJECT, "c"); // made while the renewal was in flight
        acks.restore(tp, sent); // that request failed: the later REJECT stays
        assertThat(acks.takeAll().get(tp)).containsExactly(Map.entry(4L, AcknowledgeType.REJECT));

        acks.delivered(tp, 5, (short) 1, Long.MAX_VALUE);
        acks.acknowledge(tp, 5, AcknowledgeType.RENEW, "c");
        acks.refusedAsExpired(tp, acks.takeAll().get(tp));
        assertThat(acks.deliveryCount(tp, 5)).as("the broker took it back").isEqualTo(-1);
        assertThatThrownBy(() -> acks.acknowledge(tp, 5, AcknowledgeType.ACCEPT, "c"))
                .isInstanceOf(IllegalStateException.class);
        assertThat(ShareAcknowledgements.withoutRenewals(new TreeMap<>(Map.of(1L, AcknowledgeType.RENEW,
                2L, AcknowledgeType.ACCEPT)))).containsExactly(Map.entry(2L, AcknowledgeType.ACCEPT));
    }

    @Test
    void consecutiveOffsetsOfOneTypeMakeOneBatch() {
        TreeMap<Long, AcknowledgeType> a = new TreeMap<>();
        for (long o : new long[] {1, 2, 3, 5}) {
            a.put(o, AcknowledgeType.ACCEPT);
        }
        a.put(6L, AcknowledgeType.REJECT);
        a.put(7L, AcknowledgeType.RENEW);
        List<String> batches = ShareAcknowledgements.batches(a, (first, last, types) -> first + "-" + last + ":" + types);
        assertThat(batches).containsExactly("1-3:[1]", "5-5:[1]", "6-6:[3]", "7-7:[4]");
    }
}
