package dev.kurier.client.producer.internals;

import dev.kurier.client.cluster.MetadataManager;
import dev.kurier.client.protocol.Errors;
import dev.kurier.client.protocol.message.InitProducerIdRequest;
import dev.kurier.client.protocol.message.InitProducerIdResponse;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The idempotent producer's identity: producer id and epoch from InitProducerId (PROTOCOL.md §5). Used only by
 * the sender thread; answers come back through the sender's completion queue.
 *
 * <p>When the broker lost our state (UNKNOWN_PRODUCER_ID) or saw a real sequence gap
 * (OUT_OF_ORDER_SEQUENCE_NUMBER), the epoch is bumped by sending our current id and epoch; sequences then
 * restart at 0 for every partition. When the epoch was fenced, a fresh id is requested.
 */
final class ProducerIdManager {

    private static final Logger log = LoggerFactory.getLogger(ProducerIdManager.class);

    private final MetadataManager metadata;
    private final long retryBackoffNanos;
    private final String description;
    /** Transactional: ids come from the transaction manager ({@link #install}); this never asks for one itself. */
    private final boolean transactional;
    private long producerId = -1;
    private short epoch = -1;
    private boolean requestInFlight;
    private boolean bumpNeeded;
    private boolean freshIdNeeded = true;
    private long retryAfterNanos;
    private int generation;

    ProducerIdManager(MetadataManager metadata, long retryBackoffNanos, String description, boolean transactional) {
        this.metadata = metadata;
        this.retryBackoffNanos = retryBackoffNanos;
        this.description = description;
        this.transactional = transactional;
    }

    /** Takes the id and epoch a transactional producer got (initTransactions, a version 2 EndTxn, an epoch bump). */
    void install(long id, short newEpoch) {
        producerId = id;
        epoch = newEpoch;
        bumpNeeded = false;
        freshIdNeeded = false;
        generation++;
    }

    /** Whether batches can be sent: an id is held and no bump is pending. */
    boolean ready() {
        return producerId >= 0 && !bumpNeeded && !freshIdNeeded;
    }

    long producerId() {
        return producerId;
    }

    short epoch() {
        return epoch;
    }

    /** Increments each time sequences restart (new id or bumped epoch). */
    int generation() {
        return generation;
    }

    /** Asks for an epoch bump (state lost or a sequence gap). */
    void requestBump(String why) {
        if (!bumpNeeded && !freshIdNeeded) {
            log.info("{}: bumping producer epoch of id {} ({})", description, producerId, why);
        }
        bumpNeeded = true;
    }

    /** Asks for a brand-new producer id (our epoch was fenced). */
    void requestFreshId(String why) {
        log.info("{}: requesting a new producer id ({})", description, why);
        freshIdNeeded = true;
    }

    /**
     * Sends InitProducerId if one is needed and none is in flight. {@code completions} receives the handler to run
     * on the sender thread.
     */
    void maybeSend(long now, java.util.function.Consumer<Runnable> completions) {
        if (transactional || ready() || requestInFlight || now < retryAfterNanos) {
            return;
        }
        // No transactional id; the transaction timeout is the one kafka-clients sends in that case. A known id
        // and epoch ask the broker to bump the epoch (v3+) rather than hand out a new id.
        InitProducerIdRequest.Builder request = InitProducerIdRequest.builder().transactionalId(null)
                .transactionTimeoutMs(Integer.MAX_VALUE);
        if (!freshIdNeeded && producerId >= 0) {
            request.producerId(producerId).producerEpoch(epoch);
        }
        requestInFlight = true;
        metadata.sendToAnyBroker(request.build()).whenComplete((resp, err) -> completions.accept(() -> handle(resp, err)));
    }

    private void handle(InitProducerIdResponse resp, Throwable err) {
        requestInFlight = false;
        if (err != null) {
            Throwable c = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
            log.debug("{}: InitProducerId failed: {}", description, c.toString());
            retryAfterNanos = metadata.clock().nanoTime() + retryBackoffNanos;
            return;
        }
        Errors e = Errors.forCode(resp.errorCode());
        if (e != Errors.NONE) {
            if (e == Errors.INVALID_PRODUCER_EPOCH || e == Errors.PRODUCER_FENCED || e == Errors.INVALID_PRODUCER_ID_MAPPING
                    || e == Errors.UNSUPPORTED_VERSION) {
                freshIdNeeded = true; // cannot bump this id: start over with a new one
            }
            log.debug("{}: InitProducerId answered {}", description, e);
            retryAfterNanos = metadata.clock().nanoTime() + retryBackoffNanos;
            return;
        }
        boolean first = producerId < 0;
        producerId = resp.producerId();
        epoch = resp.producerEpoch();
        bumpNeeded = false;
        freshIdNeeded = false;
        generation++;
        if (first) {
            log.debug("{}: idempotent producer id {} epoch {}", description, producerId, epoch);
        } else {
            log.info("{}: now producer id {} epoch {}", description, producerId, epoch);
        }
    }

    /** Kafka's sequence arithmetic: wraps from Integer.MAX_VALUE to 0. */
    static int incrementSequence(int sequence, int increment) {
        return sequence > Integer.MAX_VALUE - increment ? increment - (Integer.MAX_VALUE - sequence) - 1 : sequence + increment;
    }
}
