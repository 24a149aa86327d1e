package dev.kurier.client.producer.internals;

import dev.kurier.client.common.Node;
import dev.kurier.client.producer.DeliveryTimeoutException;
import dev.kurier.client.protocol.Errors;
import dev.kurier.client.protocol.message.ProduceResponse;
import dev.kurier.client.protocol.record.RecordBatch;
import io.netty.buffer.ByteBufAllocator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What becomes of a batch once it left, or could not leave: acknowledged, retried (in order, after
 * {@code retry.backoff.ms}, or at once when the response named the new leader), split when the broker refused it as
 * too large, expired after {@code delivery.timeout.ms}, or failed. Completing a batch frees its room in the
 * accumulator, tells a transaction of a failure, and completes the batch a split part came from. The sender thread's
 * only; the {@link Sender} decides what happened, this class carries it out.
 */
final class BatchOutcomes {

    private static final Logger log = LoggerFactory.getLogger(Sender.class);

    private final Sender.Settings settings;
    private final RecordAccumulator accumulator;
    private final ProducerMetrics metrics;
    private final ProducerIdManager producerIds;
    private final TransactionManager txn;
    private final ByteBufAllocator alloc;
    private final BooleanSupplier running;

    BatchOutcomes(Sender.Settings settings, RecordAccumulator accumulator, ProducerMetrics metrics,
                  ProducerIdManager producerIds, TransactionManager txn, ByteBufAllocator alloc, BooleanSupplier running) {
        this.settings = settings;
        this.accumulator = accumulator;
        this.metrics = metrics;
        this.producerIds = producerIds;
        this.txn = txn;
        this.alloc = alloc;
        this.running = running;
    }

    /** Fails every batch of {@code q} that is not on the wire. */
    void failUnsent(PartitionQueue q, java.util.function.Supplier<? extends Throwable> cause) {
        ProducerBatch r;
        while ((r = q.retries.poll()) != null) {
            r.queuedForRetry = false;
            sequenceUncertain("a batch for " + q.partition + " was dropped after a failed send");
            finishFailed(r, cause.get());
            r.release();
        }
        if (q.ready != null) {
            if (producerIds != null) {
                sequenceUncertain("a sequenced batch for " + q.partition + " was dropped before it was sent");
            }
            finishFailed(q.ready, cause.get());
            q.ready.release();
            q.ready = null;
        }
        ProducerBatch b;
        while ((b = q.pollWaiting()) != null) {
            b.sealAndCount();
            finishFailed(b, cause.get());
            b.release();
        }
    }

    /** A batch's fate is unknown, or a sequence number was skipped: the partition's next sequence is unsure. */
    void sequenceUncertain(String why) {
        if (txn != null) {
            txn.sequenceDropped(); // a transactional producer bumps its epoch when the transaction ends
        } else if (producerIds != null) {
            producerIds.requestBump(why);
        }
    }

    /**
     * Splits a batch the broker refused as too large (its topic's {@code max.message.bytes} is below the batch) and
     * queues the parts for sending in its place, as kafka-clients does; a part of one record that is still too large
     * then fails alone. With idempotence the parts take the batch's sequence numbers in order, so the batches sent after
     * it keep theirs (they come back OUT_OF_ORDER_SEQUENCE_NUMBER and are resent behind the parts). Returns false when
     * the batch could not be split (then it fails as before).
     */
    boolean split(PartitionQueue q, ProducerBatch b, Node node, long now) {
        List<ProducerBatch> parts;
        try {
            parts = b.split(alloc);
        } catch (RuntimeException ex) {
            log.warn("{}: could not split a batch of {} records for {}: {}", settings.description(), b.count,
                    b.partition, ex.toString());
            return false;
        }
        RecordBatch sent = RecordBatch.wrap(b.encoded);
        int sequence = sent.baseSequence();
        for (ProducerBatch part : parts) {
            part.close(settings.compression(), alloc, sent.producerId(), sent.producerEpoch(), sequence, txn != null);
            if (sequence != RecordBatch.NO_SEQUENCE) {
                sequence = ProducerIdManager.incrementSequence(sequence, part.count);
            }
            part.queuedForRetry = true;
            q.retries.add(part);
        }
        q.retryAfterNanos = now;
        log.debug("{}: broker {} refused a batch of {} records for {} as too large; split into {}", settings.description(),
                node.id(), b.count, b.partition, parts.size());
        return true;
    }

    /**
     * A batch refused by a former leader whose successor the response named: retried without the back-off (the
     * back-off is for waiting on a refresh, which is not needed), within the usual retry and delivery limits.
     */
    boolean retryOrFailAtOnce(PartitionQueue q, ProducerBatch b, Errors e, Node node,
                                      ProduceResponse.PartitionProduceResponse p, long now) {
        if (!e.retriable || txn != null && txn.aborting()) {
            return false;
        }
        retryOrFail(q, b, e.exception("producing to " + b.partition + " on broker " + node.id()
                + (p.errorMessage() == null ? "" : ": " + p.errorMessage())), true, now);
        if (b.queuedForRetry) {
            q.retryAfterNanos = now;
        }
        return true;
    }

    /** A part of a split batch completed: its parent completes with its last part. */
    void partDone(ProducerBatch part) {
        ProducerBatch parent = part.parent;
        if (parent != null && --parent.openParts == 0) {
            accumulator.completed(parent);
            partDone(parent);
        }
    }

    /** Whether a batch of the same partition sent before {@code b} is still in flight or waiting to be retried. */
    static boolean earlierOutstanding(PartitionQueue q, ProducerBatch b) {
        if (q == null) {
            return false;
        }
        for (ProducerBatch o : q.inFlight) {
            if (o.sendOrder < b.sendOrder) {
                return true;
            }
        }
        ProducerBatch r = q.retries.peek();
        return r != null && r.sendOrder < b.sendOrder;
    }

    void finishSucceeded(ProducerBatch b, long baseOffset, long logAppendTime, long now) {
        metrics.batchAcknowledged(b);
        accumulator.freeRoom(b);
        b.succeed(baseOffset, logAppendTime, metrics.sendLatency(), now);
        accumulator.completed(b);
        partDone(b);
    }

    void finishFailed(ProducerBatch b, Throwable cause) {
        if (txn != null && !(cause instanceof dev.kurier.client.producer.TransactionAbortedException)) {
            txn.batchFailed(b.partition, cause);
        }
        metrics.failed(b);
        accumulator.freeRoom(b);
        b.fail(cause);
        accumulator.completed(b);
        partDone(b);
    }

    void retryOrFail(PartitionQueue q, ProducerBatch b, Throwable cause, boolean retriable, long now) {
        b.lastError = cause;
        long age = now - b.createdNanos;
        if (txn != null && txn.aborting()) {
            retriable = false; // the transaction is being aborted: its records need not land
        }
        if (retriable && running.getAsBoolean() && b.attempts <= settings.retries() && age < settings.deliveryTimeoutNanos() && q != null) {
            log.debug("{}: retrying batch for {} after {}", settings.description(), b.partition, cause.toString());
            metrics.retried(b);
            b.queuedForRetry = true;
            q.retries.add(b);
            q.retryAfterNanos = now + settings.retryBackoffNanos();
            return;
        }
        if (retriable && age >= settings.deliveryTimeoutNanos()) {
            cause = new DeliveryTimeoutException(b.partition, TimeUnit.NANOSECONDS.toMillis(age),
                    TimeUnit.NANOSECONDS.toMillis(settings.deliveryTimeoutNanos()), cause);
        }
        finishFailed(b, cause);
    }

    void expire(PartitionQueue q, long now) {
        long limit = settings.deliveryTimeoutNanos();
        if (q.inFlight.isEmpty()) {
            ProducerBatch r;
            while ((r = q.retries.peek()) != null && now - r.createdNanos >= limit) {
                q.retries.poll();
                r.queuedForRetry = false;
                expired(r, now, limit, r.lastError);
                r.release();
                if (producerIds != null) {
                    // It may or may not be in the log: the next batch's sequence would not follow for sure.
                    sequenceUncertain("batch for " + q.partition + " expired after a failed send");
                }
            }
            if (q.ready != null && now - q.ready.createdNanos >= limit) {
                expired(q.ready, now, limit, null);
                q.ready.release();
                q.ready = null;
                if (producerIds != null) {
                    sequenceUncertain("sequenced batch for " + q.partition + " expired before it was sent");
                }
            }
        }
        ProducerBatch head;
        while ((head = q.peekWaiting()) != null && now - head.createdNanos >= limit) {
            if (q.pollWaiting() != head) {
                break;
            }
            head.sealAndCount();
            expired(head, now, limit, null);
            head.release();
        }
    }

    void expired(ProducerBatch b, long now, long limit, Throwable cause) {
        finishFailed(b, new DeliveryTimeoutException(b.partition, TimeUnit.NANOSECONDS.toMillis(now - b.createdNanos),
                TimeUnit.NANOSECONDS.toMillis(limit), cause));
    }
}
