package dev.kurier.client.group;

import dev.kurier.client.cluster.CoordinatorLocator;
import dev.kurier.client.protocol.VersionedRequest;

import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.errors.KurierException;
import dev.kurier.client.protocol.ApiKey;
import dev.kurier.client.protocol.Errors;
import dev.kurier.client.protocol.KafkaErrorException;
import dev.kurier.client.protocol.message.OffsetCommitRequest;
import dev.kurier.client.protocol.message.OffsetCommitResponse;
import dev.kurier.client.protocol.requests.OffsetFetches;
import dev.kurier.client.protocol.message.OffsetFetchResponse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits and fetches a group's offsets at its coordinator (OffsetCommit, OffsetFetch), retrying retriable
 * failures up to {@code offsets.commit.max.retries} times, {@code offsets.retry.backoff.ms} apart, within the
 * caller's deadline. Coordinator errors make the coordinator be looked up again before the retry.
 *
 * <p>Errors that mean the membership is gone are not retried: ILLEGAL_GENERATION and UNKNOWN_MEMBER_ID fail
 * with {@link CommitFailedException}, REBALANCE_IN_PROGRESS with {@link RebalanceInProgressException}; the
 * {@link MembershipErrors} hook lets the coordinator reset the generation or rejoin.
 */
final class GroupOffsets {

    private static final Logger log = LoggerFactory.getLogger(GroupOffsets.class);

    /** Told when a commit shows the membership is stale. */
    interface MembershipErrors {
        /** {@code error} came back for a commit made in {@code generation}. */
        void onCommitError(Generation generation, Errors error);
    }

    private final GroupConfig config;
    private final CoordinatorLocator locator;
    private final ScheduledExecutorService scheduler;
    private final MembershipErrors membershipErrors;

    GroupOffsets(GroupConfig config, CoordinatorLocator locator, ScheduledExecutorService scheduler,
                 MembershipErrors membershipErrors) {
        this.config = config;
        this.locator = locator;
        this.scheduler = scheduler;
        this.membershipErrors = membershipErrors;
    }

    /** Committed offsets last seen per partition (commits and fetches); any thread. */
    private final Map<TopicPartition, Long> known = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Commits {@code offsets} as {@code generation} (use {@link Generation#NONE} to commit without being a
     * member, as a simple consumer does). Completes on a network or scheduler thread.
     */
    CompletableFuture<Void> commit(Map<TopicPartition, OffsetAndMetadata> offsets, Generation generation,
                                   long deadlineNanos) {
        if (offsets.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        Map<String, List<OffsetCommitRequest.Partition>> byTopic = new TreeMap<>();
        offsets.forEach((tp, om) -> byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>())
                .add(new OffsetCommitRequest.Partition(tp.partition(), om.offset(), om.leaderEpoch(), om.metadata())));
        List<OffsetCommitRequest.Topic> topics = new ArrayList<>();
        byTopic.forEach((t, parts) -> topics.add(OffsetCommitRequest.Topic.builder().name(t).partitions(parts).build()));
        OffsetCommitRequest request = OffsetCommitRequest.builder().groupId(config.groupId())
                .generationIdOrMemberEpoch(generation.generationId()).memberId(generation.memberId())
                .groupInstanceId(config.groupInstanceId()).topics(topics).build();
        String what = "committing " + offsets.size() + " offset(s) of group " + config.groupId();
        return retrying(what, deadlineNanos, () -> locator.send(request, config.requestTimeout())
                .thenApply(response -> {
                    checkCommit(response, generation);
                    offsets.forEach((tp, om) -> known.put(tp, om.offset()));
                    return null;
                }));
    }

    /**
     * The committed offsets this member last saw per partition (its own successful commits and the offsets it
     * fetched), for metrics; no request is made.
     */
    Map<TopicPartition, Long> knownCommitted() {
        return Collections.unmodifiableMap(known);
    }

    private void checkCommit(OffsetCommitResponse response, Generation generation) {
        Map<TopicPartition, Errors> failed = new LinkedHashMap<>();
        for (OffsetCommitResponse.Topic t : response.topics()) {
            for (OffsetCommitResponse.Partition p : t.partitions()) {
                if (p.errorCode() != 0) {
                    failed.put(new TopicPartition(t.name(), p.partitionIndex()), Errors.forCode(p.errorCode()));
                }
            }
        }
        if (failed.isEmpty()) {
            return;
        }
        // One error decides: the membership ones first, they are what the caller must act on.
        Errors error = failed.values().iterator().next();
        for (Errors e : failed.values()) {
            if (isMembershipError(e)) {
                error = e;
                break;
            }
        }
        String context = "committing offsets of group " + config.groupId() + " for " + failed.keySet();
        switch (error) {
            case REBALANCE_IN_PROGRESS -> {
                membershipErrors.onCommitError(generation, error);
                throw new RebalanceInProgressException("Offset commit for group " + config.groupId() + " cannot "
                        + "complete: the group is rebalancing. Finish the rebalance by calling poll(), then commit "
                        + "again the partitions still assigned.");
            }
            case ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID, STALE_MEMBER_EPOCH, FENCED_MEMBER_EPOCH -> {
                membershipErrors.onCommitError(generation, error);
                throw new CommitFailedException("Offset commit for group " + config.groupId() + " failed ("
                        + error.name() + "): the group has already rebalanced without this member (generation "
                        + generation.generationId() + ") and its partitions may belong to another member. This "
                        + "usually means the time between poll() calls exceeded max.poll.interval.ms because "
                        + "processing took too long: raise max.poll.interval.ms or lower max.poll.records.");
            }
            case FENCED_INSTANCE_ID -> {
                membershipErrors.onCommitError(generation, error);
                throw error.exception(context + ": another consumer joined with group.instance.id "
                        + config.groupInstanceId());
            }
            case NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE -> {
                locator.markUnknown(null, error.name() + " on OffsetCommit");
                throw error.exception(context);
            }
            default -> throw error.exception(context);
        }
    }

    private static boolean isMembershipError(Errors e) {
        return e == Errors.REBALANCE_IN_PROGRESS || e == Errors.ILLEGAL_GENERATION || e == Errors.UNKNOWN_MEMBER_ID
                || e == Errors.FENCED_INSTANCE_ID || e == Errors.STALE_MEMBER_EPOCH || e == Errors.FENCED_MEMBER_EPOCH;
    }

    /**
     * The committed offsets of {@code partitions}; partitions without a committed offset are absent from the
     * map. Completes on a network or scheduler thread.
     */
    CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> fetch(Collection<TopicPartition> partitions,
                                                                    long deadlineNanos) {
        if (partitions.isEmpty()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        Map<String, List<Integer>> byTopic = new TreeMap<>();
        for (TopicPartition tp : partitions) {
            byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition());
        }
        VersionedRequest<OffsetFetchResponse> request = new VersionedRequest<>(ApiKey.OFFSET_FETCH,
                v -> OffsetFetches.request(config.groupId(), null, -1, byTopic,
                        v >= 7 && config.requireStableOffsets(), v));
        String what = "fetching committed offsets of group " + config.groupId();
        return retrying(what, deadlineNanos, () -> locator.send(request, config.requestTimeout())
                .thenApply(this::offsetsOf)).thenApply(found -> {
                    found.forEach((tp, om) -> known.put(tp, om.offset()));
                    return found;
                });
    }

    private Map<TopicPartition, OffsetAndMetadata> offsetsOf(OffsetFetchResponse response) {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        String context = "fetching committed offsets of group " + config.groupId();
        for (OffsetFetches.GroupResult g : OffsetFetches.results(response, config.groupId())) {
            if (!config.groupId().equals(g.groupId())) {
                continue;
            }
            Errors groupError = Errors.forCode(g.errorCode());
            if (groupError == Errors.NOT_COORDINATOR || groupError == Errors.COORDINATOR_NOT_AVAILABLE) {
                locator.markUnknown(null, groupError.name() + " on OffsetFetch");
            }
            if (groupError != Errors.NONE) {
                throw groupError.exception(context);
            }
            for (OffsetFetches.PartitionResult p : g.partitions()) {
                {
                    TopicPartition tp = new TopicPartition(p.topic(), p.partition());
                    Errors error = Errors.forCode(p.errorCode());
                    if (error == Errors.UNKNOWN_TOPIC_OR_PARTITION) {
                        log.debug("group {}: no committed offset for unknown partition {}", config.groupId(), tp);
                        continue;
                    }
                    if (error != Errors.NONE) {
                        // UNSTABLE_OFFSET_COMMIT is retriable: a transaction is about to settle this offset.
                        throw error.exception(context + " for " + tp);
                    }
                    if (p.committedOffset() >= 0) {
                        out.put(tp, new OffsetAndMetadata(p.committedOffset(), p.committedLeaderEpoch(), p.metadata()));
                    }
                }
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** Runs {@code attempt}, retrying retriable failures within the retry budget and the deadline. */
    private <T> CompletableFuture<T> retrying(String what, long deadlineNanos, Supplier<CompletableFuture<T>> attempt) {
        CompletableFuture<T> result = new CompletableFuture<>();
        run(what, deadlineNanos, attempt, 0, result);
        return result;
    }

    private <T> void run(String what, long deadlineNanos, Supplier<CompletableFuture<T>> attempt, int retries,
                         CompletableFuture<T> result) {
        CompletableFuture<T> f;
        try {
            f = attempt.get();
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
            return;
        }
        f.whenComplete((value, err) -> {
            if (err == null) {
                result.complete(value);
                return;
            }
            Throwable cause = CoordinatorLocator.unwrap(err);
            long backoffNanos = config.commitRetryBackoff().toNanos();
            boolean retriable = cause instanceof KurierException ke && ke.isRetriable()
                    || cause instanceof TimeoutException;
            if (retriable && retries < config.commitMaxRetries()
                    && System.nanoTime() + backoffNanos < deadlineNanos) {
                log.debug("group {}: {} failed, retry {} of {} in {} ms: {}", config.groupId(), what, retries + 1,
                        config.commitMaxRetries(), config.commitRetryBackoff().toMillis(), cause.getMessage());
                try {
                    scheduler.schedule(() -> run(what, deadlineNanos, attempt, retries + 1, result), backoffNanos,
                            TimeUnit.NANOSECONDS);
                } catch (RejectedExecutionException closed) {
                    result.completeExceptionally(new KurierException(what + " failed: the consumer is closing", cause));
                }
                return;
            }
            if (retriable) {
                log.warn("group {}: {} failed after {} attempt(s): {}", config.groupId(), what, retries + 1,
                        cause.getMessage());
            }
            result.completeExceptionally(cause instanceof KafkaErrorException || !retriable ? cause
                    : new KurierException(what + " failed after " + (retries + 1) + " attempt(s): "
                            + cause.getMessage(), cause));
        });
    }
}
