package dev.kurier.client.admin.internals;

import dev.kurier.client.admin.AbortTransactionSpec;
import dev.kurier.client.admin.AdminResults;
import dev.kurier.client.admin.ProducerState;
import dev.kurier.client.admin.TransactionDescription;
import dev.kurier.client.admin.TransactionListing;
import dev.kurier.client.common.Node;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.protocol.Errors;
import dev.kurier.client.protocol.KafkaErrorException;
import dev.kurier.client.protocol.message.DescribeProducersRequest;
import dev.kurier.client.protocol.message.DescribeProducersResponse;
import dev.kurier.client.protocol.message.DescribeTransactionsRequest;
import dev.kurier.client.protocol.message.DescribeTransactionsResponse;
import dev.kurier.client.protocol.message.ListTransactionsRequest;
import dev.kurier.client.protocol.message.ListTransactionsResponse;
import dev.kurier.client.protocol.message.WriteTxnMarkersRequest;
import dev.kurier.client.protocol.message.WriteTxnMarkersResponse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/** Transactions seen from outside: producers active on partitions, transactions listed and described. */
final class TransactionOperations {

    private final AdminContext ctx;

    TransactionOperations(AdminContext ctx) {
        this.ctx = ctx;
    }

    /** The producers active on each partition, from its leader. */
    AdminResults<TopicPartition, List<ProducerState>> describeProducers(Collection<TopicPartition> partitions) {
        return ctx.run("describing the producers of", new LinkedHashSet<>(partitions), pending -> ctx.byLeader(pending,
                group -> DescribeProducersRequest.builder().topics(ReplicaOperations.byTopic(new LinkedHashSet<>(group),
                        DescribeProducersRequest.TopicRequest::new)).build(), TransactionOperations::producers),
                tp -> "partition " + tp);
    }

    private static Map<TopicPartition, Outcome<List<ProducerState>>> producers(DescribeProducersResponse resp) {
        Map<TopicPartition, Outcome<List<ProducerState>>> out = new HashMap<>();
        for (DescribeProducersResponse.TopicResponse t : resp.topics()) {
            for (DescribeProducersResponse.PartitionResponse p : t.partitions()) {
                List<ProducerState> states = new ArrayList<>();
                for (DescribeProducersResponse.ProducerState s : p.activeProducers()) {
                    states.add(new ProducerState(s.producerId(), s.producerEpoch(), s.lastSequence(),
                            s.lastTimestamp(), s.coordinatorEpoch(), s.currentTxnStartOffset()));
                }
                out.put(new TopicPartition(t.name(), p.partitionIndex()),
                        Outcome.of(p.errorCode(), p.errorMessage(), List.copyOf(states)));
            }
        }
        return out;
    }

    /** Every transactional id known to any transaction coordinator. */
    CompletableFuture<List<TransactionListing>> list() {
        return ctx.metadata().refresh().thenCompose(s -> {
            List<CompletableFuture<ListTransactionsResponse>> answers = new ArrayList<>();
            for (Node n : s.nodes()) {
                answers.add(ctx.send(n, ListTransactionsRequest.builder().build()));
            }
            return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).thenApply(v -> {
                Map<String, TransactionListing> out = new TreeMap<>();
                for (CompletableFuture<ListTransactionsResponse> a : answers) {
                    ListTransactionsResponse r = a.join();
                    if (r.errorCode() != 0 && r.errorCode() != Errors.COORDINATOR_NOT_AVAILABLE.code) {
                        throw new KafkaErrorException(Errors.forCode(r.errorCode()), "listing transactions");
                    }
                    for (ListTransactionsResponse.TransactionState t : r.transactionStates()) {
                        out.put(t.transactionalId(), new TransactionListing(t.transactionalId(), t.producerId(),
                                t.transactionState()));
                    }
                }
                return List.copyOf(out.values());
            });
        });
    }

    /** Each transactional id's state, from its transaction coordinator. */
    AdminResults<String, TransactionDescription> describe(Collection<String> transactionalIds) {
        return ctx.run("describing", new LinkedHashSet<>(transactionalIds), pending -> {
            List<CompletableFuture<Map<String, Outcome<TransactionDescription>>>> sent = new ArrayList<>();
            for (String id : pending) {
                sent.add(ctx.transactionCoordinator(id).thenCompose(c -> ctx.network().connection(c).send(DescribeTransactionsRequest
                        .builder().transactionalIds(List.of(id)).build())).thenApply(resp -> {
                            Map<String, Outcome<TransactionDescription>> out = new HashMap<>();
                            for (DescribeTransactionsResponse.TransactionState t : resp.transactionStates()) {
                                List<TopicPartition> tps = new ArrayList<>();
                                t.topics().forEach(d -> d.partitions().forEach(p -> tps.add(new TopicPartition(
                                        d.topic(), p))));
                                out.put(t.transactionalId(), Outcome.of(t.errorCode(), null, new TransactionDescription(
                                        t.transactionalId(), t.transactionState(), t.transactionTimeoutMs(),
                                        t.transactionStartTimeMs(), t.producerId(), t.producerEpoch(), List.copyOf(tps))));
                            }
                            return out;
                        }).exceptionally(e -> {
                            Throwable cause = e.getCause() != null ? e.getCause() : e;
                            if (cause instanceof KafkaErrorException k) {
                                return Map.of(id, Outcome.of(k.error().code, k.getMessage(), null));
                            }
                            throw new java.util.concurrent.CompletionException(cause);
                        }));
            }
            return ReplicaOperations.merge(sent);
        }, id -> "transactional id '" + id + "'");
    }

    /** Writes the abort marker to the partition's leader, as the coordinator of a live transaction would. */
    CompletableFuture<Void> abort(AbortTransactionSpec spec) {
        TopicPartition tp = spec.partition();
        AdminResults<TopicPartition, Void> result = ctx.run("aborting the transaction of producer " + spec.producerId()
                + " on", Set.of(tp), pending -> ctx.byLeader(pending, group -> WriteTxnMarkersRequest.builder()
                        .markers(List.of(new WriteTxnMarkersRequest.WritableTxnMarker(spec.producerId(),
                                spec.producerEpoch(), false, List.of(new WriteTxnMarkersRequest.WritableTxnMarkerTopic(
                                        tp.topic(), List.of(tp.partition()))), spec.coordinatorEpoch(),
                                // As kafka-clients: a legacy (TV0/1) marker, the only kind an admin abort writes.
                                (byte) 0))).build(),
                        (WriteTxnMarkersResponse resp) -> {
                            Map<TopicPartition, Outcome<Void>> out = new HashMap<>();
                            for (WriteTxnMarkersResponse.WritableTxnMarkerResult m : resp.markers()) {
                                for (WriteTxnMarkersResponse.WritableTxnMarkerTopicResult t : m.topics()) {
                                    for (WriteTxnMarkersResponse.WritableTxnMarkerPartitionResult p : t.partitions()) {
                                        out.put(new TopicPartition(t.name(), p.partitionIndex()),
                                                Outcome.of(p.errorCode(), null, null));
                                    }
                                }
                            }
                            return out;
                        }), p -> "partition " + p);
        return result.value(tp);
    }

}
