package dev.kurier.spring.transaction;

import dev.kurier.client.producer.Producer;
import dev.kurier.client.producer.TransactionFatalException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pool of transactional producers, one transaction at a time on each: {@code transactional.id}s are the prefix and
 * the lowest free number ({@code orders-tx-0}, {@code orders-tx-1}, ...), so the ids in use stay few and the same
 * across restarts, and a restarted application fences the producers its previous run left behind. A producer whose
 * transaction failed fatally (fenced) is closed and its number handed out again.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class TransactionalProducers<K, V> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TransactionalProducers.class);

    private final String prefix;
    private final Function<String, Producer<K, V>> factory;
    private final Duration closeTimeout;
    private final Deque<Producer<K, V>> idle = new ArrayDeque<>();
    private final Map<Producer<K, V>, Integer> numbers = new IdentityHashMap<>();
    private final TreeSet<Integer> freeNumbers = new TreeSet<>();
    private int nextNumber;
    private boolean closed;

    /**
     * A pool creating producers with {@code factory} (given the transactional id) under {@code prefix}; closing waits
     * up to {@code closeTimeout} per producer.
     */
    public TransactionalProducers(String prefix, Function<String, Producer<K, V>> factory, Duration closeTimeout) {
        if (prefix == null || prefix.isBlank()) {
            throw new IllegalArgumentException("a transaction id prefix is needed");
        }
        this.prefix = prefix;
        this.factory = factory;
        this.closeTimeout = closeTimeout;
    }

    /** The prefix of every transactional id of the pool. */
    public String prefix() {
        return prefix;
    }

    /** An idle producer with transactions initialized, or a new one; give it back with {@link #release}. */
    public Producer<K, V> acquire() {
        int number;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the transactional producers of '" + prefix + "' are closed");
            }
            Producer<K, V> p = idle.poll();
            if (p != null) {
                return p;
            }
            number = freeNumbers.isEmpty() ? nextNumber++ : freeNumbers.pollFirst();
        }
        String id = prefix + number;
        Producer<K, V> p;
        try {
            p = factory.apply(id);
        } catch (RuntimeException e) {
            free(number);
            throw e;
        }
        try {
            p.initTransactions();
        } catch (RuntimeException e) {
            p.close(Duration.ZERO);
            free(number);
            throw e;
        }
        synchronized (this) {
            numbers.put(p, number);
        }
        log.debug("transactional producer {} ready", id);
        return p;
    }

    /**
     * Takes a producer back after its transaction ended. With {@code failure} null (committed, or aborted cleanly) it
     * serves the next transaction; otherwise (fenced, or a commit or abort that did not complete) it is closed, and
     * its number goes to the next new producer.
     */
    public void release(Producer<K, V> producer, Throwable failure) {
        boolean fatal = failure instanceof TransactionFatalException;
        synchronized (this) {
            if (failure == null && !closed) {
                idle.push(producer);
                return;
            }
        }
        producer.close(fatal ? Duration.ZERO : closeTimeout);
        Integer number;
        synchronized (this) {
            number = numbers.remove(producer);
        }
        if (number != null) {
            free(number);
        }
        if (failure != null) {
            log.warn("transactional producer {}{} closed{}: {}", prefix, number, fatal ? "" : " (its transaction did not"
                    + " end cleanly)", failure.getMessage());
        }
    }

    private synchronized void free(int number) {
        freeNumbers.add(number);
    }

    /** Producers created and not closed (idle or in a transaction). */
    public synchronized int size() {
        return numbers.size();
    }

    /** Closes the idle producers; those in a transaction are closed when they are released. */
    @Override
    public void close() {
        Deque<Producer<K, V>> toClose;
        synchronized (this) {
            closed = true;
            toClose = new ArrayDeque<>(idle);
            idle.clear();
        }
        for (Producer<K, V> p : toClose) {
            p.close(closeTimeout);
        }
    }

    @Override
    public String toString() {
        return "TransactionalProducers[" + prefix + "]";
    }
}
