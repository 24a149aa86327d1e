package dev.kurier.client.consumer;

import dev.kurier.client.common.TopicPartition;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The records one {@link Consumer#poll} returned, grouped by partition in offset order.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class ConsumerRecords<K, V> implements Iterable<ConsumerRecord<K, V>> {

    private static final ConsumerRecords<?, ?> EMPTY = new ConsumerRecords<>(Map.of());

    private final Map<TopicPartition, List<ConsumerRecord<K, V>>> byPartition;
    private final int count;

    /** Wraps records by partition (lists are not copied). */
    public ConsumerRecords(Map<TopicPartition, List<ConsumerRecord<K, V>>> byPartition) {
        this.byPartition = Collections.unmodifiableMap(new LinkedHashMap<>(byPartition));
        int n = 0;
        for (List<ConsumerRecord<K, V>> l : byPartition.values()) {
            n += l.size();
        }
        this.count = n;
    }

    /** No records. */
    @SuppressWarnings("unchecked")
    public static <K, V> ConsumerRecords<K, V> empty() {
        return (ConsumerRecords<K, V>) EMPTY;
    }

    /** The records of one partition (empty if none). */
    public List<ConsumerRecord<K, V>> records(TopicPartition tp) {
        List<ConsumerRecord<K, V>> l = byPartition.get(tp);
        return l == null ? List.of() : Collections.unmodifiableList(l);
    }

    /** The partitions with records. */
    public Set<TopicPartition> partitions() {
        return byPartition.keySet();
    }

    /** Number of records. */
    public int count() {
        return count;
    }

    /** Whether there are no records. */
    public boolean isEmpty() {
        return count == 0;
    }

    @Override
    public Iterator<ConsumerRecord<K, V>> iterator() {
        if (byPartition.size() == 1) {
            return Collections.unmodifiableList(byPartition.values().iterator().next()).iterator();
        }
        return new Iterator<>() {
            // Walks the partitions' lists in place: nothing is copied per poll.
            private final Iterator<List<ConsumerRecord<K, V>>> lists = byPartition.values().iterator();
            private Iterator<ConsumerRecord<K, V>> current = Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext()) {
                    if (!lists.hasNext()) {
                        return false;
                    }
                    current = lists.next().iterator();
                }
                return true;
            }

            @Override
            public ConsumerRecord<K, V> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next(); // remove() is not offered: the records are read-only
            }
        };
    }
}
