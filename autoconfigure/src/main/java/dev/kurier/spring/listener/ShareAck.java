package dev.kurier.spring.listener;

import dev.kurier.client.consumer.AcknowledgeType;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.client.consumer.ShareConsumer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Acknowledgment} of one share-group listener call: {@code acknowledge} accepts, {@link #release()} hands
 * the records back for another delivery, {@link #reject()} archives them, {@link #renew()} restarts their locks. Each record is acknowledged once (later
 * calls do nothing); any thread, while the records' acquisition locks last.
 */
final class ShareAck implements Acknowledgment {

    private static final Logger log = LoggerFactory.getLogger(ShareAck.class);

    private final String listenerId;
    private final ShareConsumer<byte[], byte[]> consumer;
    private final List<ConsumerRecord<byte[], byte[]>> records;
    private final AtomicBoolean[] done;

    ShareAck(String listenerId, ShareConsumer<byte[], byte[]> consumer, List<ConsumerRecord<byte[], byte[]>> records) {
        this.listenerId = listenerId;
        this.consumer = consumer;
        this.records = records;
        this.done = new AtomicBoolean[records.size()];
        for (int i = 0; i < done.length; i++) {
            done[i] = new AtomicBoolean();
        }
    }

    @Override
    public void acknowledge() {
        settleFrom(0, records.size(), AcknowledgeType.ACCEPT);
    }

    @Override
    public void acknowledge(int index) {
        check(index);
        settleFrom(0, index + 1, AcknowledgeType.ACCEPT);
    }

    @Override
    public void release() {
        settleFrom(0, records.size(), AcknowledgeType.RELEASE);
    }

    @Override
    public void reject() {
        settleFrom(0, records.size(), AcknowledgeType.REJECT);
    }

    /** Renews the locks of the records not acknowledged yet; they stay open for their final acknowledgement. */
    @Override
    public void renew() {
        for (int i = 0; i < records.size(); i++) {
            if (done[i].get()) {
                continue;
            }
            ConsumerRecord<byte[], byte[]> r = records.get(i);
            try {
                consumer.acknowledge(r, AcknowledgeType.RENEW);
            } catch (IllegalStateException e) {
                // settled meanwhile, or its lock already ran out: nothing to renew
                log.debug("listener {}: {}@{} not renewed: {}", listenerId, r.topicPartition(), r.offset(),
                        e.getMessage());
            }
        }
    }

    /** A share group cannot delay a delivery: the records are released at once and come again (to any consumer). */
    @Override
    public void nack(Duration sleep) {
        release();
    }

    @Override
    public void nack(int index, Duration sleep) {
        check(index);
        settleFrom(0, index, AcknowledgeType.ACCEPT);
        settleFrom(index, records.size(), AcknowledgeType.RELEASE);
    }

    /** Whether record {@code index} was acknowledged in some way. */
    boolean isDone(int index) {
        return done[index].get();
    }

    /** Acknowledges record {@code index} as {@code type} unless it was already; whether this call did. */
    boolean settle(int index, AcknowledgeType type) {
        if (!done[index].compareAndSet(false, true)) {
            return false;
        }
        ConsumerRecord<byte[], byte[]> r = records.get(index);
        try {
            consumer.acknowledge(r, type);
            return true;
        } catch (IllegalStateException e) {
            // its lock ran out: the broker delivers it again, and the consumer counted a lock expiry
            log.warn("listener {}: {}@{} could not be acknowledged ({}): {}", listenerId, r.topicPartition(),
                    r.offset(), type, e.getMessage());
            return false;
        }
    }

    /** Acknowledges every record from {@code from} (inclusive) to {@code to} (exclusive) not acknowledged yet. */
    void settleFrom(int from, int to, AcknowledgeType type) {
        for (int i = from; i < to; i++) {
            settle(i, type);
        }
    }

    private void check(int index) {
        if (index < 0 || index >= records.size()) {
            throw new IndexOutOfBoundsException("index " + index + " of " + records.size() + " record(s)");
        }
    }
}
