package dev.kurier.client.consumer.internals;

import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.client.consumer.ConsumerRecords;
import dev.kurier.client.group.OffsetAndMetadata;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Acknowledgements beyond the committed offset, kept in the commit's metadata (as Confluent's Parallel Consumer does):
 * a commit can only reach the lowest record still open, so records acknowledged after it would be delivered again
 * after a restart or a rebalance. The metadata names them ({@code kurier-acks:1:} and ranges of offsets relative to the
 * committed one, at most {@value #MAX_METADATA} characters: what does not fit is simply delivered again), and a
 * consumer that resumes from such a commit skips them. Skipped offsets stay in the metadata of later commits until the
 * committed offset passes them. One per consumer.
 */
public final class PersistedAcks {

    /** The metadata's prefix. */
    public static final String PREFIX = "kurier-acks:1:";
    /** The longest metadata written; brokers allow 4096 by default ({@code offset.metadata.max.bytes}). */
    public static final int MAX_METADATA = 3000;
    /** Acknowledged offsets looked at per partition and commit. */
    public static final int MAX_OFFSETS = 4096;

    /** Per partition, offsets to skip: ascending inclusive ranges {@code [from0, to0, from1, to1, ...]}. */
    private final Map<TopicPartition, long[]> skip = new HashMap<>();
    /**
     * Per partition, where a commit went past skipped offsets: later commits never go back below it (the tracker,
     * which never saw the skipped records, still names the first of them).
     */
    private final Map<TopicPartition, Long> passed = new HashMap<>();

    /** {@code tp} resumes from {@code committed}: the acknowledged offsets its metadata names are skipped. */
    synchronized void resumed(TopicPartition tp, OffsetAndMetadata committed) {
        passed.remove(tp);
        long[] ranges = decode(committed.offset(), committed.metadata());
        if (ranges.length > 0) {
            skip.put(tp, ranges);
        } else {
            skip.remove(tp);
        }
    }

    /** {@code tp} was repositioned or left: nothing of it is skipped any more. */
    synchronized void forget(TopicPartition tp) {
        skip.remove(tp);
        passed.remove(tp);
    }

    /** Whether any partition has offsets to skip. */
    synchronized boolean active() {
        return !skip.isEmpty();
    }

    /** {@code records} without the ones acknowledged before the last restart. */
    synchronized <K, V> ConsumerRecords<K, V> filter(ConsumerRecords<K, V> records) {
        if (skip.isEmpty() || records.isEmpty()) {
            return records;
        }
        Map<TopicPartition, List<ConsumerRecord<K, V>>> out = new LinkedHashMap<>();
        boolean dropped = false;
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<K, V>> list = records.records(tp);
            long[] ranges = skip.get(tp);
            if (ranges == null) {
                out.put(tp, list);
                continue;
            }
            List<ConsumerRecord<K, V>> kept = new ArrayList<>(list.size());
            for (ConsumerRecord<K, V> r : list) {
                if (contains(ranges, r.offset())) {
                    dropped = true;
                } else {
                    kept.add(r);
                }
            }
            if (!kept.isEmpty()) {
                out.put(tp, kept);
            }
        }
        return dropped ? new ConsumerRecords<>(out) : records;
    }

    /**
     * What to commit for {@code tp} at {@code offset}: with metadata naming the offsets above it that {@code tracker}
     * (may be {@code null}) has acknowledged and those still skipped from before.
     */
    synchronized OffsetAndMetadata commit(TopicPartition tp, long offset, OffsetTracker tracker) {
        return commit(tp, offset, tracker, true);
    }

    /** As above; {@code advance}: the commit moves past skipped offsets right at {@code offset}. */
    private OffsetAndMetadata commit(TopicPartition tp, long offset, OffsetTracker tracker, boolean advance) {
        long[] ranges = skip.get(tp);
        long at = offset;
        if (advance) {
            Long floor = passed.get(tp);
            if (floor != null && floor > at) {
                at = floor;
            }
        }
        if (ranges != null && advance) {
            for (int i = 0; i < ranges.length; i += 2) {
                if (ranges[i] <= at && at <= ranges[i + 1]) {
                    at = ranges[i + 1] + 1; // processed before the restart: the commit may pass them
                }
            }
            if (at > offset) {
                passed.put(tp, at);
            }
        }
        if (ranges != null && ranges[ranges.length - 1] < at) {
            skip.remove(tp); // committed past all of them
            ranges = null;
        }
        long[] acked = tracker == null ? new long[0] : tracker.ackedAbove(tp, at, MAX_OFFSETS);
        if (acked.length == 0 && ranges == null) {
            return OffsetAndMetadata.of(at);
        }
        return OffsetAndMetadata.of(at, encode(at, merge(toRanges(acked), ranges, at)));
    }

    /**
     * Offsets the application commits itself (a listener container's, say): where the metadata is empty or Kurier's,
     * the offsets still skipped from before join what it names, and the commit moves past skipped offsets right at
     * its offset (they were processed before the restart). Other metadata is left as it is.
     */
    synchronized Map<TopicPartition, OffsetAndMetadata> withSkipped(Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (skip.isEmpty() && passed.isEmpty()) {
            return offsets;
        }
        Map<TopicPartition, OffsetAndMetadata> out = new LinkedHashMap<>(offsets);
        offsets.forEach((tp, om) -> {
            boolean ours = om.metadata().isEmpty() || om.metadata().startsWith(PREFIX);
            if (ours && (skip.containsKey(tp) || passed.containsKey(tp))) {
                long[] named = decode(om.offset(), om.metadata());
                OffsetAndMetadata c = commit(tp, om.offset(), null, true);
                long[] merged = merge(named, decode(c.offset(), c.metadata()), c.offset());
                out.put(tp, new OffsetAndMetadata(c.offset(), om.leaderEpoch(),
                        merged.length == 0 ? "" : encode(c.offset(), merged)));
            }
        });
        return out;
    }

    // ---- the codec ----------------------------------------------------------------------------------------

    /**
     * The metadata for {@code ranges} (ascending inclusive pairs, all above {@code committed}): {@link #PREFIX} and
     * comma-separated {@code a} or {@code a-b}, offsets minus {@code committed}; ranges that do not fit in
     * {@link #MAX_METADATA} are left out (delivered again).
     */
    public static String encode(long committed, long[] ranges) {
        StringBuilder b = new StringBuilder(PREFIX);
        int base = b.length();
        for (int i = 0; i < ranges.length; i += 2) {
            long from = ranges[i] - committed;
            long to = ranges[i + 1] - committed;
            String part = from == to ? Long.toString(from) : from + "-" + to;
            if (b.length() + part.length() + 1 > MAX_METADATA) {
                break;
            }
            if (b.length() > base) {
                b.append(',');
            }
            b.append(part);
        }
        return b.length() > base ? b.toString() : "";
    }

    /**
     * The skipped offsets {@code metadata} names above {@code committed}, as ascending inclusive pairs; none when it
     * is not Kurier's or does not parse (metadata other clients wrote is left alone).
     */
    public static long[] decode(long committed, String metadata) {
        if (metadata == null || !metadata.startsWith(PREFIX) || committed < 0) {
            return new long[0];
        }
        String body = metadata.substring(PREFIX.length());
        if (body.isEmpty()) {
            return new long[0];
        }
        String[] parts = body.split(",");
        long[] out = new long[parts.length * 2];
        long last = 0;
        try {
            for (int i = 0; i < parts.length; i++) {
                String p = parts[i];
                int dash = p.indexOf('-');
                long from = Long.parseLong(dash < 0 ? p : p.substring(0, dash));
                long to = dash < 0 ? from : Long.parseLong(p.substring(dash + 1));
                if (from < 1 || to < from || from <= last) {
                    return new long[0]; // not ascending, or at/below the committed offset: not ours to trust
                }
                out[2 * i] = committed + from;
                out[2 * i + 1] = committed + to;
                last = to;
            }
        } catch (NumberFormatException e) {
            return new long[0];
        }
        return out;
    }

    /** Ascending offsets as inclusive ranges. */
    public static long[] toRanges(long[] offsets) {
        if (offsets.length == 0) {
            return offsets;
        }
        long[] out = new long[offsets.length * 2];
        int n = 0;
        for (long o : offsets) {
            if (n > 0 && (o == out[n - 1] + 1 || o == out[n - 1])) {
                out[n - 1] = o;
            } else {
                out[n++] = o;
                out[n++] = o;
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /** The union of two range lists, keeping only offsets above {@code above}. */
    public static long[] merge(long[] a, long[] b, long above) {
        List<long[]> all = new ArrayList<>();
        for (long[] r : new long[][] {a, b == null ? new long[0] : b}) {
            for (int i = 0; i < r.length; i += 2) {
                long from = Math.max(r[i], above + 1);
                if (from <= r[i + 1]) {
                    all.add(new long[] {from, r[i + 1]});
                }
            }
        }
        all.sort((x, y) -> Long.compare(x[0], y[0]));
        long[] out = new long[all.size() * 2];
        int n = 0;
        for (long[] r : all) {
            if (n > 0 && r[0] <= out[n - 1] + 1) {
                out[n - 1] = Math.max(out[n - 1], r[1]);
            } else {
                out[n++] = r[0];
                out[n++] = r[1];
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    private static boolean contains(long[] ranges, long offset) {
        int lo = 0;
        int hi = ranges.length / 2 - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (offset < ranges[2 * mid]) {
                hi = mid - 1;
            } else if (offset > ranges[2 * mid + 1]) {
                lo = mid + 1;
            } else {
                return true;
            }
        }
        return false;
    }
}
