package dev.kurier.client.faults;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a fault scenario did, and the one check applied to every scenario (Jepsen's Kafka checker, reduced): what the
 * producer had acknowledged, and what each reader read in each of its sessions (a session of a partition lasts from
 * an assignment to the next rebalance callback). Values are {@code producer:partition:sequence}, sent in sequence
 * order per partition.
 *
 * <ul>
 *   <li><b>lost</b>: acknowledged, and never read by anyone or no longer in the log (read, then truncated away by an
 *   unclean election: the log is what the readers read last at each offset);</li>
 *   <li><b>duplicates</b>: one value at two offsets of the log (the producer wrote it twice);</li>
 *   <li><b>reorders</b>: in a partition's log, a value of a producer after a later one of the same producer;</li>
 *   <li><b>poll skips</b>: a reader's session went from offset o to more than o + 1 over an offset the log has;</li>
 *   <li><b>non-monotonic</b>: a reader's session went back (or stood still);</li>
 *   <li><b>read twice</b>: values read more than once in all (allowed with at-least-once, within its bounds).</li>
 * </ul>
 */
final class History {

    /** The counts; {@code examples} names a few of each problem. */
    record Result(long acknowledged, long read, long lost, long duplicates, long reorders, long pollSkips,
                  long nonMonotonic, long readTwice, List<String> examples) {

        /** Whether nothing was lost, duplicated, reordered, skipped or read backwards. */
        boolean clean() {
            return lost == 0 && duplicates == 0 && reorders == 0 && pollSkips == 0 && nonMonotonic == 0;
        }
    }

    /** A reader's record of one partition at one offset; {@code seq} orders all reads in time. */
    private record Read(int partition, long offset, String value, long seq) {
    }

    /** Orders the reads of all readers. */
    private final java.util.concurrent.atomic.AtomicLong readSeq = new java.util.concurrent.atomic.AtomicLong();

    private final Map<String, Long> acked = new ConcurrentHashMap<>();
    private final Map<String, Integer> ackedPartition = new ConcurrentHashMap<>();
    private final List<Reader> readers = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** The producer's acknowledgement of {@code value} at {@code partition}@{@code offset}. */
    void acknowledged(String value, int partition, long offset) {
        acked.put(value, offset);
        ackedPartition.put(value, partition);
    }

    /** How many values were acknowledged. */
    int acknowledgedCount() {
        return acked.size();
    }

    /** A new reader (one consumer instance); its methods are for one thread. */
    Reader reader(String name) {
        Reader r = new Reader(name, readSeq);
        readers.add(r);
        return r;
    }

    /** How many distinct values were read by anyone. */
    int distinctRead() {
        Set<String> all = new HashSet<>();
        for (Reader r : readers) {
            synchronized (r) {
                for (List<Read> session : r.sessions) {
                    session.forEach(x -> all.add(x.value()));
                }
            }
        }
        return all.size();
    }

    /** What one consumer read, session by session. */
    static final class Reader {
        private final String name;
        private final List<List<Read>> sessions = new ArrayList<>();
        private final Map<Integer, List<Read>> open = new HashMap<>();
        private final java.util.concurrent.atomic.AtomicLong seq;

        private Reader(String name, java.util.concurrent.atomic.AtomicLong seq) {
            this.name = name;
            this.seq = seq;
        }

        /** A rebalance callback touched {@code partitions}: their sessions end. */
        synchronized void rebalanced(Collection<Integer> partitions) {
            partitions.forEach(open::remove);
        }

        /** Every session ends (the consumer closed, or seeked). */
        synchronized void endAll() {
            open.clear();
        }

        synchronized void read(int partition, long offset, String value) {
            open.computeIfAbsent(partition, p -> {
                List<Read> s = new ArrayList<>();
                sessions.add(s);
                return s;
            }).add(new Read(partition, offset, value, seq.incrementAndGet()));
        }

        @Override
        public String toString() {
            return name;
        }
    }

    Result check() {
        List<String> examples = new ArrayList<>();
        // the log as the readers saw it last: partition -> offset -> the latest read there
        Map<Integer, TreeMap<Long, Read>> latest = new HashMap<>();
        Map<String, Integer> readCount = new HashMap<>();
        long reads = 0;
        long duplicates = 0;
        Map<String, String> valueAt = new HashMap<>();
        for (Reader r : readers) {
            synchronized (r) {
                for (List<Read> session : r.sessions) {
                    for (Read x : session) {
                        reads++;
                        readCount.merge(x.value(), 1, Integer::sum);
                        latest.computeIfAbsent(x.partition(), p -> new TreeMap<>()).merge(x.offset(), x,
                                (a, b) -> a.seq() > b.seq() ? a : b);
                        String where = x.partition() + "@" + x.offset();
                        String before = valueAt.putIfAbsent(x.value(), where);
                        if (before != null && !before.equals(where)) {
                            duplicates++;
                            example(examples, "duplicate " + x.value() + " at " + before + " and " + where);
                        }
                    }
                }
            }
        }
        Map<Integer, TreeMap<Long, String>> log = new HashMap<>();
        Set<String> inLog = new HashSet<>();
        latest.forEach((p, byOffset) -> byOffset.forEach((o, x) -> {
            log.computeIfAbsent(p, k -> new TreeMap<>()).put(o, x.value());
            inLog.add(x.value());
        }));
        long lost = 0;
        for (String v : acked.keySet()) {
            if (!readCount.containsKey(v)) {
                lost++;
                example(examples, "lost " + v + " (acknowledged at " + ackedPartition.get(v) + "@" + acked.get(v) + ")");
            } else if (!inLog.contains(v)) {
                lost++;
                example(examples, "lost " + v + " (acknowledged at " + ackedPartition.get(v) + "@" + acked.get(v)
                        + ", read, then truncated away)");
            }
        }
        long reorders = 0;
        for (Map.Entry<Integer, TreeMap<Long, String>> p : log.entrySet()) {
            Map<String, Long> lastSeq = new HashMap<>();
            for (Map.Entry<Long, String> e : p.getValue().entrySet()) {
                String[] parts = e.getValue().split(":");
                long seq = Long.parseLong(parts[2]);
                Long last = lastSeq.put(parts[0], seq);
                if (last != null && seq < last) {
                    reorders++;
                    example(examples, "reorder in partition " + p.getKey() + ": " + e.getValue() + " at offset "
                            + e.getKey() + " after sequence " + last);
                }
            }
        }
        long skips = 0;
        long backwards = 0;
        for (Reader r : readers) {
            synchronized (r) {
                for (List<Read> session : r.sessions) {
                    for (int i = 1; i < session.size(); i++) {
                        Read a = session.get(i - 1);
                        Read b = session.get(i);
                        if (b.offset() <= a.offset()) {
                            backwards++;
                            example(examples, r + " went from " + a.partition() + "@" + a.offset() + " to " + b.offset());
                        } else if (b.offset() > a.offset() + 1) {
                            TreeMap<Long, String> l = log.get(a.partition());
                            Long between = l.higherKey(a.offset());
                            if (between != null && between < b.offset()) {
                                skips++;
                                example(examples, r + " skipped from " + a.partition() + "@" + a.offset() + " to "
                                        + b.offset() + " over " + between);
                            }
                        }
                    }
                }
            }
        }
        long twice = readCount.values().stream().filter(n -> n > 1).count();
        return new Result(acked.size(), reads, lost, duplicates, reorders, skips, backwards, twice, examples);
    }

    private static void example(List<String> examples, String what) {
        if (examples.size() < 20) {
            examples.add(what);
        }
    }
}
