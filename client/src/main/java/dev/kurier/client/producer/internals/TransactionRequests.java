package dev.kurier.client.producer.internals;

import dev.kurier.client.cluster.CoordinatorLocator;
import dev.kurier.client.cluster.MetadataManager;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.group.CommitFailedException;
import dev.kurier.client.group.GroupMetadata;
import dev.kurier.client.group.OffsetAndMetadata;
import dev.kurier.client.network.ApiVersionTable;
import dev.kurier.client.network.NetworkClient;
import dev.kurier.client.producer.TransactionAbortableException;
import dev.kurier.client.protocol.ApiKey;
import dev.kurier.client.protocol.Errors;
import dev.kurier.client.protocol.KafkaErrorException;
import dev.kurier.client.protocol.Request;
import dev.kurier.client.protocol.requests.FindCoordinators;
import dev.kurier.client.protocol.message.AddOffsetsToTxnRequest;
import dev.kurier.client.protocol.message.AddPartitionsToTxnRequest;
import dev.kurier.client.protocol.message.AddPartitionsToTxnResponse;
import dev.kurier.client.protocol.message.EndTxnRequest;
import dev.kurier.client.protocol.message.EndTxnResponse;
import dev.kurier.client.protocol.message.InitProducerIdRequest;
import dev.kurier.client.protocol.message.InitProducerIdResponse;
import dev.kurier.client.protocol.message.TxnOffsetCommitRequest;
import dev.kurier.client.protocol.message.TxnOffsetCommitResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transactional requests of one {@code transactional.id}: InitProducerId, AddPartitionsToTxn, AddOffsetsToTxn and
 * EndTxn to its transaction coordinator, TxnOffsetCommit to a group's coordinator. Each call returns a future that
 * completes once the request succeeded, retrying retriable errors (the coordinator moved or is loading, a concurrent
 * transaction still completing) after {@code retry.backoff.ms} until the producer closes, or fails with the error
 * sorted by {@link TransactionErrors}.
 *
 * <p>The version decides what the broker does under transactions version 2 (KIP-890): Produce v12, EndTxn v5 and
 * TxnOffsetCommit v5 mean "this producer adds partitions implicitly and gets a new epoch per transaction", so a
 * producer on version 1 caps them below.
 */
final class TransactionRequests {

    private static final Logger log = LoggerFactory.getLogger(TransactionRequests.class);
    /** The back-off after CONCURRENT_TRANSACTIONS: the previous transaction is only writing its markers. */
    private static final long CONCURRENT_TRANSACTIONS_BACKOFF_MS = 20;
    /** The feature that turns on transactions version 2. */
    static final String TRANSACTION_VERSION_FEATURE = "transaction.version";

    private final String transactionalId;
    private final MetadataManager metadata;
    private final NetworkClient network;
    private final CoordinatorLocator coordinator;
    private final Map<String, CoordinatorLocator> groupCoordinators = new ConcurrentHashMap<>();
    private final Duration requestTimeout;
    private final long retryBackoffMs;
    private volatile boolean closed;

    TransactionRequests(String transactionalId, MetadataManager metadata, NetworkClient network, Duration requestTimeout,
                        long retryBackoffMs) {
        this.transactionalId = transactionalId;
        this.metadata = metadata;
        this.network = network;
        this.requestTimeout = requestTimeout;
        this.retryBackoffMs = retryBackoffMs;
        this.coordinator = new CoordinatorLocator(FindCoordinators.KEY_TYPE_TRANSACTION, transactionalId, metadata,
                network);
    }

    /** Stops retrying: what is still pending fails. */
    void close() {
        closed = true;
    }

    /**
     * Whether the cluster runs transactions version 2 and the coordinator speaks the request versions it needs
     * (Kafka 4.0 on, with {@code transaction.version=2} finalized).
     */
    CompletableFuture<Boolean> transactionV2() {
        return retrying("looking up the transaction coordinator", () -> coordinator.coordinator()
                .thenCompose(ep -> network.connection(ep).apiVersions())
                .thenApply(TransactionRequests::supportsV2));
    }

    private static boolean supportsV2(ApiVersionTable versions) {
        return versions.finalizedLevel(TRANSACTION_VERSION_FEATURE) >= 2
                && versions.brokerMaxVersion(ApiKey.PRODUCE) >= 12 && versions.brokerMaxVersion(ApiKey.END_TXN) >= 5
                && versions.brokerMaxVersion(ApiKey.TXN_OFFSET_COMMIT) >= 5;
    }

    /** A producer id and epoch for the transactional id; with a known id and epoch (KIP-360), the epoch bumped. */
    CompletableFuture<InitProducerIdResponse> initProducerId(int transactionTimeoutMs, long producerId, short epoch) {
        return retrying("initializing the producer id", () -> coordinator.send(InitProducerIdRequest.builder()
                .transactionalId(transactionalId).transactionTimeoutMs(transactionTimeoutMs).producerId(producerId)
                .producerEpoch(epoch).build(), requestTimeout).thenApply(r -> {
                    check(Errors.forCode(r.errorCode()), "initializing the producer id", null);
                    return r;
                }));
    }

    /** Adds partitions to the open transaction (transactions version 1 only). */
    CompletableFuture<Void> addPartitions(long producerId, short epoch, Collection<TopicPartition> partitions) {
        Map<String, List<Integer>> byTopic = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition());
        }
        List<AddPartitionsToTxnRequest.AddPartitionsToTxnTopic> topics = new ArrayList<>();
        byTopic.forEach((t, ps) -> topics.add(new AddPartitionsToTxnRequest.AddPartitionsToTxnTopic(t, ps)));
        String what = "adding " + partitions + " to the transaction";
        // v4 and up are the brokers' batched verification requests; clients stay on v3.
        Request<AddPartitionsToTxnResponse> request = Request.capped(AddPartitionsToTxnRequest.builder()
                .v3AndBelowTransactionalId(transactionalId).v3AndBelowProducerId(producerId)
                .v3AndBelowProducerEpoch(epoch).v3AndBelowTopics(topics).build(), 3);
        return retrying(what, () -> coordinator.send(request, requestTimeout).thenAccept(r -> {
            Errors first = Errors.NONE;
            for (AddPartitionsToTxnResponse.AddPartitionsToTxnTopicResult t : r.resultsByTopicV3AndBelow()) {
                for (AddPartitionsToTxnResponse.AddPartitionsToTxnPartitionResult p : t.resultsByPartition()) {
                    Errors e = Errors.forCode(p.partitionErrorCode());
                    // OPERATION_NOT_ATTEMPTED only says another partition failed
                    if (e != Errors.NONE && e != Errors.OPERATION_NOT_ATTEMPTED && (first == Errors.NONE || !e.retriable)) {
                        first = e;
                    }
                }
            }
            check(first, what, null);
        }));
    }

    /** Adds a group's offsets to the open transaction (transactions version 1 only). */
    CompletableFuture<Void> addOffsets(long producerId, short epoch, String groupId) {
        String what = "adding the offsets of group '" + groupId + "' to the transaction";
        return retrying(what, () -> coordinator.send(new AddOffsetsToTxnRequest(transactionalId, producerId, epoch,
                groupId), requestTimeout).thenAccept(r -> check(Errors.forCode(r.errorCode()), what, null)));
    }

    /** Commits or aborts the open transaction. Under version 2 the answer carries the producer's next epoch. */
    CompletableFuture<EndTxnResponse> endTxn(long producerId, short epoch, boolean commit, boolean v2) {
        String what = commit ? "committing the transaction" : "aborting the transaction";
        Request<EndTxnResponse> request = Request.capped(new EndTxnRequest(transactionalId, producerId, epoch, commit),
                v2 ? 5 : 4);
        return retrying(what, () -> coordinator.send(request, requestTimeout).thenApply(r -> {
            check(Errors.forCode(r.errorCode()), what, null);
            return r;
        }));
    }

    /** Commits consumed offsets inside the transaction, at the group's coordinator, fenced by the member's generation. */
    CompletableFuture<Void> commitOffsets(long producerId, short epoch, Map<TopicPartition, OffsetAndMetadata> offsets,
                                          GroupMetadata group, boolean v2) {
        Map<String, List<TxnOffsetCommitRequest.Partition>> byTopic = new LinkedHashMap<>();
        offsets.forEach((tp, om) -> byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>())
                .add(new TxnOffsetCommitRequest.Partition(tp.partition(), om.offset(), om.leaderEpoch(), om.metadata())));
        List<TxnOffsetCommitRequest.Topic> topics = new ArrayList<>();
        byTopic.forEach((t, ps) -> topics.add(new TxnOffsetCommitRequest.Topic(t, ps)));
        Request<TxnOffsetCommitResponse> request = Request.capped(new TxnOffsetCommitRequest(transactionalId,
                group.groupId(), producerId, epoch, group.generationId(), group.memberId(), group.groupInstanceId(),
                topics), v2 ? 5 : 4);
        CoordinatorLocator groupCoordinator = groupCoordinators.computeIfAbsent(group.groupId(),
                g -> new CoordinatorLocator(g, metadata, network));
        String what = "committing offsets of group '" + group.groupId() + "' in the transaction";
        return retrying(what, () -> groupCoordinator.send(request, requestTimeout).thenAccept(r -> {
            for (TxnOffsetCommitResponse.Topic t : r.topics()) {
                for (TxnOffsetCommitResponse.Partition p : t.partitions()) {
                    Errors e = Errors.forCode(p.errorCode());
                    if (e == Errors.NONE) {
                        continue;
                    }
                    String where = what + " for " + t.name() + "-" + p.partitionIndex();
                    if (e == Errors.UNKNOWN_MEMBER_ID || e == Errors.ILLEGAL_GENERATION || e == Errors.FENCED_INSTANCE_ID) {
                        // KIP-447: the member's generation moved on; its partitions belong to another member now
                        throw new TransactionAbortableException(where + ": the consumer is no longer member "
                                + group.memberId() + " of generation " + group.generationId() + " (" + e.name() + ")",
                                new CommitFailedException(e.name() + ": " + where));
                    }
                    if (TransactionErrors.coordinatorMoved(e)) {
                        groupCoordinator.markUnknown(null, e.name());
                    }
                    check(e, where, null);
                }
            }
        }));
    }

    private void check(Errors error, String what, String brokerMessage) {
        if (error == Errors.NONE) {
            return;
        }
        if (TransactionErrors.coordinatorMoved(error)) {
            coordinator.markUnknown(null, error.name());
        }
        throw TransactionErrors.forError(error, transactionalId, what, brokerMessage);
    }

    /** Runs {@code attempt} until it succeeds, fails for good, or the producer closes. */
    private <T> CompletableFuture<T> retrying(String what, Supplier<CompletableFuture<T>> attempt) {
        CompletableFuture<T> result = new CompletableFuture<>();
        attempt(what, attempt, result, 1);
        return result;
    }

    private <T> void attempt(String what, Supplier<CompletableFuture<T>> attempt, CompletableFuture<T> result, int n) {
        if (closed) {
            result.completeExceptionally(new dev.kurier.client.producer.TransactionFatalException(
                    "transactional id '" + transactionalId + "': the producer closed while " + what, null));
            return;
        }
        CompletableFuture<T> f;
        try {
            f = attempt.get();
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        f.whenComplete((value, err) -> {
            if (err == null) {
                result.complete(value);
                return;
            }
            Throwable cause = CoordinatorLocator.unwrap(err);
            if (!TransactionErrors.retriable(cause)) {
                result.completeExceptionally(cause);
                return;
            }
            long backoff = cause instanceof KafkaErrorException k && k.error() == Errors.CONCURRENT_TRANSACTIONS
                    ? CONCURRENT_TRANSACTIONS_BACKOFF_MS : retryBackoffMs;
            log.debug("transactional id '{}': {} failed (attempt {}), retrying in {} ms: {}", transactionalId, what, n,
                    backoff, cause.toString());
            CompletableFuture.delayedExecutor(backoff, TimeUnit.MILLISECONDS)
                    .execute(() -> attempt(what, attempt, result, n + 1));
        });
    }
}
