package dev.kurier.client.consumer.internals;

import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.AcknowledgeType;
import dev.kurier.client.consumer.ShareConsumerMetrics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A share consumer's records between delivery and acknowledgement (KIP-932): which records it holds (with their
 * delivery counts and until when their acquisition lock lasts), and the acknowledgements not sent yet. Thread-safe,
 * so that any thread may acknowledge a record while the polling thread sends what is pending. A record is held until
 * it is acknowledged or its lock expires (then it is the broker's again, counted as a lock expiry), so memory stays
 * bounded by what the broker lets one consumer acquire. A {@link AcknowledgeType#RENEW renewal} leaves the record held;
 * when the broker confirms it, the record's lock deadline moves on.
 */
final class ShareAcknowledgements {

    /** One held record: its delivery count, the time its lock ends, whether it was acknowledged since the poll. */
    private record Held(short deliveryCount, long lockDeadlineNanos, boolean acknowledged) {
    }

    private final ShareConsumerMetrics metrics;
    /** Told (outside the lock) whenever an acknowledgement becomes pending: the fetcher thread sends it. */
    private final Runnable onPending;
    private final Map<TopicPartition, Map<Long, Held>> held = new HashMap<>();
    private final Map<TopicPartition, TreeMap<Long, AcknowledgeType>> pending = new HashMap<>();

    ShareAcknowledgements(ShareConsumerMetrics metrics, Runnable onPending) {
        this.metrics = metrics;
        this.onPending = onPending;
    }

    /** The consumer was delivered {@code tp}@{@code offset} for the {@code deliveryCount}-th time. */
    synchronized void delivered(TopicPartition tp, long offset, short deliveryCount, long lockDeadlineNanos) {
        Held before = held.computeIfAbsent(tp, k -> new HashMap<>()).put(offset,
                new Held(deliveryCount, lockDeadlineNanos, false));
        if (before != null && !before.acknowledged()) {
            metrics.lockExpired(1); // delivered again while still held here: its lock had run out
        }
        metrics.acquired(deliveryCount);
    }

    /**
     * Acknowledges a held record as {@code type}; it is sent with the next fetch or commit.
     *
     * @throws IllegalStateException when the record is not held (never delivered, acknowledged already, or its
     *     lock expired)
     */
    void acknowledge(TopicPartition tp, long offset, AcknowledgeType type, String consumer) {
        synchronized (this) {
            Map<Long, Held> h = held.get(tp);
            Held r = h == null ? null : h.get(offset);
            if (r == null || r.acknowledged()) {
                throw new IllegalStateException("share consumer " + consumer + ": " + tp + "@" + offset + " is not held"
                        + " by it: never delivered, acknowledged already, or its acquisition lock expired");
            }
            if (type != AcknowledgeType.RENEW) { // a renewed record stays open for its final acknowledgement
                h.put(offset, new Held(r.deliveryCount(), r.lockDeadlineNanos(), true)); // count readable until next poll
            }
            pending.computeIfAbsent(tp, k -> new TreeMap<>()).put(offset, type);
            metrics.acknowledged(type);
        }
        onPending.run();
    }

    /**
     * The broker confirmed the renewals among {@code sent}: their locks now end at {@code lockDeadlineNanos}. A record
     * acknowledged meanwhile keeps that acknowledgement.
     */
    synchronized void renewed(TopicPartition tp, TreeMap<Long, AcknowledgeType> sent, long lockDeadlineNanos) {
        Map<Long, Held> h = held.get(tp);
        if (h == null || sent == null) {
            return;
        }
        sent.forEach((offset, type) -> {
            Held r = type == AcknowledgeType.RENEW ? h.get(offset) : null;
            if (r != null) {
                h.put(offset, new Held(r.deliveryCount(), lockDeadlineNanos, r.acknowledged()));
            }
        });
    }

    /** How often a held record was delivered, or -1 when it is not held. */
    synchronized int deliveryCount(TopicPartition tp, long offset) {
        Map<Long, Held> h = held.get(tp);
        Held r = h == null ? null : h.get(offset);
        return r == null ? -1 : r.deliveryCount();
    }

    /**
     * At the start of a poll: forgets the records acknowledged since the last one; {@code acceptRest} (implicit mode)
     * accepts every other held record; records whose lock ended before {@code nowNanos} are the broker's again.
     */
    synchronized void nextPoll(boolean acceptRest, long nowNanos) {
        for (Iterator<Map.Entry<TopicPartition, Map<Long, Held>>> parts = held.entrySet().iterator(); parts.hasNext(); ) {
            Map.Entry<TopicPartition, Map<Long, Held>> part = parts.next();
            long expired = 0;
            for (Iterator<Map.Entry<Long, Held>> it = part.getValue().entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<Long, Held> e = it.next();
                Held r = e.getValue();
                if (r.acknowledged()) {
                    it.remove();
                } else if (acceptRest) {
                    pending.computeIfAbsent(part.getKey(), k -> new TreeMap<>()).put(e.getKey(), AcknowledgeType.ACCEPT);
                    metrics.acknowledged(AcknowledgeType.ACCEPT);
                    it.remove();
                } else if (r.lockDeadlineNanos() - nowNanos < 0) {
                    expired++;
                    it.remove();
                }
            }
            if (expired > 0) {
                metrics.lockExpired(expired);
            }
            if (part.getValue().isEmpty()) {
                parts.remove();
            }
        }
    }

    /**
     * Takes the pending acknowledgements of {@code tp} to send with a fetch, or {@code null} when there are none or
     * they include a renewal (renewals go by ShareAcknowledge at once; see {@link #hasPendingRenewal}).
     */
    synchronized TreeMap<Long, AcknowledgeType> take(TopicPartition tp) {
        TreeMap<Long, AcknowledgeType> a = pending.get(tp);
        if (a == null || a.isEmpty() || a.containsValue(AcknowledgeType.RENEW)) {
            return null;
        }
        return pending.remove(tp);
    }

    /** Whether a renewal waits to be sent: it goes before any fetch, as the lock it renews is running out. */
    synchronized boolean hasPendingRenewal() {
        return pending.values().stream().anyMatch(a -> a.containsValue(AcknowledgeType.RENEW));
    }

    /** Takes every pending acknowledgement to send. */
    synchronized Map<TopicPartition, TreeMap<Long, AcknowledgeType>> takeAll() {
        Map<TopicPartition, TreeMap<Long, AcknowledgeType>> out = new HashMap<>(pending);
        pending.clear();
        out.values().removeIf(TreeMap::isEmpty);
        return out;
    }

    /** Puts back acknowledgements whose request failed, to go with the next one (later ones for an offset win). */
    synchronized void restore(TopicPartition tp, TreeMap<Long, AcknowledgeType> acks) {
        TreeMap<Long, AcknowledgeType> now = pending.computeIfAbsent(tp, k -> new TreeMap<>());
        acks.forEach(now::putIfAbsent);
    }

    /** Whether acknowledgements wait to be sent. */
    synchronized boolean hasPending() {
        return pending.values().stream().anyMatch(a -> !a.isEmpty());
    }

    /**
     * The broker refused {@code acks} of {@code tp} because the records' locks had expired: the records are the
     * broker's again (a renewed one is no longer held here either).
     */
    synchronized void refusedAsExpired(TopicPartition tp, TreeMap<Long, AcknowledgeType> acks) {
        if (acks == null) {
            return;
        }
        metrics.lockExpired(acks.size());
        Map<Long, Held> h = held.get(tp);
        if (h != null) {
            acks.forEach((offset, type) -> {
                Held r = type == AcknowledgeType.RENEW ? h.get(offset) : null;
                if (r != null && !r.acknowledged()) {
                    h.remove(offset);
                }
            });
        }
    }

    /** Drops the pending renewals of {@code acks} (a broker that cannot renew); their records stay held. */
    static TreeMap<Long, AcknowledgeType> withoutRenewals(TreeMap<Long, AcknowledgeType> acks) {
        TreeMap<Long, AcknowledgeType> out = new TreeMap<>(acks);
        out.values().removeIf(t -> t == AcknowledgeType.RENEW);
        return out;
    }

    /** Whether {@code acks} includes a renewal. */
    static boolean hasRenewal(TreeMap<Long, AcknowledgeType> acks) {
        return acks != null && acks.containsValue(AcknowledgeType.RENEW);
    }

    /** Consecutive offsets with one type make one acknowledgement batch. */
    static <B> List<B> batches(TreeMap<Long, AcknowledgeType> acks, BatchMaker<B> maker) {
        List<B> out = new ArrayList<>();
        Long start = null;
        long last = -2;
        AcknowledgeType type = null;
        for (Map.Entry<Long, AcknowledgeType> e : acks.entrySet()) {
            if (start != null && e.getKey() == last + 1 && e.getValue() == type) {
                last = e.getKey();
                continue;
            }
            if (start != null) {
                out.add(maker.make(start, last, List.of(type.code)));
            }
            start = e.getKey();
            last = e.getKey();
            type = e.getValue();
        }
        if (start != null) {
            out.add(maker.make(start, last, List.of(type.code)));
        }
        return out;
    }

    /** Makes one protocol acknowledgement batch. */
    interface BatchMaker<B> {
        B make(long firstOffset, long lastOffset, List<Byte> types);
    }
}
