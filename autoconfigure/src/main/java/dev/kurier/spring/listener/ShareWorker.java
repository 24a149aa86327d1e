package dev.kurier.spring.listener;

import dev.kurier.client.consumer.AcknowledgeType;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.client.consumer.ShareConsumer;
import dev.kurier.client.consumer.ShareConsumerMetrics;
import dev.kurier.client.consumer.WakeupException;
import dev.kurier.spring.convert.PayloadConversionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker of a {@link ShareListenerContainer}: a thread with its own share consumer (explicit acknowledgement)
 * that polls and calls the listener. A normal return accepts the records; an exception releases a record for another
 * delivery until it has been delivered {@code maxDeliveries} times (at once for exceptions not worth retrying), then
 * hands it to the error handler's recovery (dead-letter topic or log) and rejects it. Acknowledgement mode MANUAL
 * leaves the outcome to the listener's {@link Acknowledgment} (any thread, while the lock lasts).
 */
final class ShareWorker implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(ShareWorker.class);

    private final ShareListenerContainer owner;
    private final ShareConsumer<byte[], byte[]> consumer;
    private final String id;
    private volatile boolean stopping;
    private volatile ConsumerRecord<byte[], byte[]> current;
    private volatile long currentSince;
    private volatile ShareAck currentAck;
    private volatile long renewedAt;

    ShareWorker(ShareListenerContainer owner, ShareConsumer<byte[], byte[]> consumer) {
        this.owner = owner;
        this.consumer = consumer;
        this.id = owner.id();
    }

    @Override
    public void run() {
        int failures = 0;
        try {
            consumer.subscribe(owner.endpoint().topics());
            while (!stopping) {
                if (owner.isPaused()) {
                    owner.awaitResume(owner.settings().pollTimeout());
                    continue;
                }
                List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
                try {
                    consumer.poll(owner.settings().pollTimeout()).forEach(records::add);
                    failures = 0;
                    owner.polled(null);
                } catch (WakeupException e) {
                    continue; // stop, pause or resume: the loop looks again
                } catch (RuntimeException e) {
                    failures++;
                    owner.polled(e);
                    log.warn("listener {}: poll failed ({} in a row): {}", id, failures, e.toString());
                    owner.awaitStop(owner.settings().retryBackoff());
                    continue;
                }
                if (records.isEmpty()) {
                    continue;
                }
                if (owner.endpoint().batch()) {
                    call(records);
                } else {
                    for (ConsumerRecord<byte[], byte[]> r : records) {
                        call(List.of(r));
                    }
                }
            }
        } catch (Throwable t) {
            owner.workerFailed(t);
            throw t;
        } finally {
            owner.retire(consumer);
        }
    }

    /** Ends the loop after the current call and makes a blocked poll return. */
    void stop() {
        stopping = true;
        consumer.wakeup();
    }

    void wakeup() {
        consumer.wakeup();
    }

    ShareConsumerMetrics metrics() {
        return consumer.metrics();
    }

    /** The call in progress, if any. */
    Optional<InFlightRecord> inFlight(String thread) {
        ConsumerRecord<byte[], byte[]> r = current;
        return r == null ? Optional.empty() : Optional.of(new InFlightRecord(r.topicPartition(), r.offset(),
                Duration.ofNanos(System.nanoTime() - currentSince), thread));
    }

    /**
     * Renews the locks of the call in progress once half the broker's lock time has passed since its start or its
     * last renewal (the container's renewer thread), so a long call keeps its records.
     */
    void renewIfDue(long nowNanos) {
        ShareAck ack = currentAck;
        int lockMs = consumer.acquisitionLockTimeoutMs();
        if (ack == null || lockMs <= 0 || nowNanos - renewedAt < java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(
                lockMs / 2)) {
            return;
        }
        renewedAt = nowNanos;
        log.debug("listener {}: a call on {}@{} has run {} ms; renewing its locks", id, current == null ? "?"
                : current.topicPartition(), current == null ? -1 : current.offset(),
                java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(nowNanos - currentSince));
        ack.renew();
    }

    private void call(List<ConsumerRecord<byte[], byte[]>> records) {
        ShareAck ack = new ShareAck(id, consumer, records);
        currentSince = System.nanoTime();
        renewedAt = currentSince;
        current = records.get(0);
        currentAck = ack;
        try {
            owner.handler().handle(records, ack);
            if (!owner.manualAcks()) {
                ack.settleFrom(0, records.size(), AcknowledgeType.ACCEPT);
            }
        } catch (BatchFailure f) {
            int index = Math.max(0, Math.min(f.index(), records.size() - 1));
            ack.settleFrom(0, index, AcknowledgeType.ACCEPT); // processed before the failing one
            Exception cause = f.getCause() instanceof Exception e ? e : f;
            failed(ack, records, index, cause);
            ack.settleFrom(index + 1, records.size(), AcknowledgeType.RELEASE); // not processed: delivered again
        } catch (Exception e) {
            for (int i = 0; i < records.size(); i++) {
                failed(ack, records, i, e);
            }
        } catch (Error e) {
            ack.settleFrom(0, records.size(), AcknowledgeType.RELEASE); // not the record's fault: someone else tries
            throw e;
        } finally {
            currentAck = null;
            current = null;
        }
    }

    /** Record {@code i} failed with {@code error}: released for another delivery, or recovered and rejected. */
    private void failed(ShareAck ack, List<ConsumerRecord<byte[], byte[]>> records, int i, Exception error) {
        if (ack.isDone(i)) {
            return; // the listener settled it before it threw
        }
        ConsumerRecord<byte[], byte[]> r = records.get(i);
        int deliveries;
        try {
            deliveries = consumer.deliveryCount(r);
        } catch (IllegalStateException e) {
            return; // its lock expired during the call: the broker has it again
        }
        if (retryable(error) && deliveries < owner.maxDeliveries()) {
            log.debug("listener {}: {}@{} failed on delivery {} of {}; released for another: {}", id,
                    r.topicPartition(), r.offset(), deliveries, owner.maxDeliveries(), error.toString());
            ack.settle(i, AcknowledgeType.RELEASE);
            return;
        }
        try {
            owner.errorHandler().handle(id, List.of(r), error, deliveries);
            ack.settle(i, AcknowledgeType.REJECT);
        } catch (Exception recoveryFailed) {
            log.warn("listener {}: {}@{} failed on delivery {} and its recovery failed too ({}); released: it is"
                    + " delivered again unless the broker's group.share.delivery.count.limit is reached, which"
                    + " archives it", id, r.topicPartition(), r.offset(), deliveries, recoveryFailed.toString());
            ack.settle(i, AcknowledgeType.RELEASE);
        }
    }

    private boolean retryable(Exception error) {
        if (owner.errorHandler() instanceof RetryingErrorHandler r) {
            return r.isRetryable(error);
        }
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PayloadConversionException) {
                return false; // the same bytes fail the same way on every delivery
            }
        }
        return true;
    }
}
