package dev.kurier.client.consumer.internals;

import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.protocol.Errors;
import dev.kurier.client.protocol.message.FetchRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The consumer's side of one broker's incremental fetch session (KIP-227). Used by one fetcher thread, one fetch in
 * flight at a time: {@link #build} the next request, then {@link #completed} or {@link #failed} with its outcome.
 *
 * <ul>
 *   <li>Session id 0 and epoch 0: a full fetch that asks the broker to open a session; the response's session id (if
 *   not 0) is used from then on, with epoch 1.</li>
 *   <li>Later fetches are incremental: they name only partitions that are new or whose fetch offset, leader epoch or
 *   size limit changed, and list in {@code forgottenTopicsData} the ones no longer fetched. The epoch goes up by one
 *   per request and wraps from {@link Integer#MAX_VALUE} to 1. The broker remembers the rest, and its response holds
 *   only partitions with records, a changed high watermark, log start or last stable offset, or an error; a
 *   partition absent from it simply had nothing new.</li>
 *   <li>FETCH_SESSION_ID_NOT_FOUND: the broker lost the session, so the next fetch is a full one opening a new one
 *   (id 0, epoch 0). Any other top-level error (INVALID_FETCH_SESSION_EPOCH among them) or a failed request, such as a
 *   lost connection: the next fetch is full with the old id and epoch 0, which closes that session and opens a new
 *   one.</li>
 *   <li>Disabled ({@code fetch.sessions.enabled=false}): every fetch is full and sessionless (id 0, epoch -1).</li>
 *   <li>When the consumer closes, {@link #close} gives the request that closes the session (its id, epoch -1, no
 *   partitions).</li>
 * </ul>
 */
final class FetchSession {

    /** Epoch of a request that opens a session (with id 0) or closes one and opens another (with its id). */
    static final int INITIAL_EPOCH = 0;
    /** Epoch of a sessionless full fetch (with id 0), or of a request closing a session. */
    static final int FINAL_EPOCH = -1;

    /** What a partition is fetched with; a change sends it again in an incremental fetch. */
    record Wanted(UUID topicId, long fetchOffset, int leaderEpoch, int lastFetchedEpoch, int maxBytes) {
    }

    /**
     * One request to send, and the session as it will be if the broker accepts it.
     *
     * @param partitions every partition the session holds after this request (all of them in a full fetch)
     * @param sent how many partitions the request itself names
     */
    record Built(int sessionId, int epoch, boolean full, List<FetchRequest.FetchTopic> topics,
                 List<FetchRequest.ForgottenTopic> forgotten, Map<TopicPartition, Wanted> partitions, int sent) {
    }

    private final boolean enabled;
    private int sessionId;
    private int epoch;
    /** Partitions the broker holds in the session, with what it was last told about them. */
    private Map<TopicPartition, Wanted> session = Map.of();

    FetchSession(boolean enabled) {
        this.enabled = enabled;
        this.epoch = enabled ? INITIAL_EPOCH : FINAL_EPOCH;
    }

    /** An open session at {@code epoch} holding nothing yet (tests of epoch wrap-around). */
    FetchSession(int sessionId, int epoch) {
        this.enabled = true;
        this.sessionId = sessionId;
        this.epoch = epoch;
    }

    int sessionId() {
        return sessionId;
    }

    /** The epoch the next request carries. */
    int nextEpoch() {
        return epoch;
    }

    /** Builds the request for {@code wanted} (iteration order kept). */
    Built build(Map<TopicPartition, Wanted> wanted) {
        Map<TopicPartition, Wanted> next = Collections.unmodifiableMap(new LinkedHashMap<>(wanted));
        boolean full = !enabled || epoch == INITIAL_EPOCH;
        Map<String, TopicBuilder> topics = new LinkedHashMap<>();
        int sent = 0;
        for (Map.Entry<TopicPartition, Wanted> e : wanted.entrySet()) {
            Wanted w = e.getValue();
            if (!full && w.equals(session.get(e.getKey()))) {
                continue; // the broker knows it: fetched from where it was
            }
            topics.computeIfAbsent(e.getKey().topic(), t -> new TopicBuilder(t, w.topicId())).partitions.add(
                    FetchRequests.partition(e.getKey().partition(), w.leaderEpoch(), w.fetchOffset(),
                            w.lastFetchedEpoch(), w.maxBytes()));
            sent++;
        }
        List<FetchRequest.ForgottenTopic> forgotten = new ArrayList<>();
        if (!full) {
            Map<String, ForgottenBuilder> gone = new LinkedHashMap<>();
            for (Map.Entry<TopicPartition, Wanted> e : session.entrySet()) {
                Wanted now = wanted.get(e.getKey());
                // a topic id change (topic recreated) is a removal of the old partition and an addition of the new one
                if (now == null || !Objects.equals(now.topicId(), e.getValue().topicId())) {
                    gone.computeIfAbsent(e.getKey().topic() + '\0' + e.getValue().topicId(),
                            k -> new ForgottenBuilder(e.getKey().topic(), e.getValue().topicId()))
                            .partitions.add(e.getKey().partition());
                }
            }
            gone.values().forEach(g -> forgotten.add(new FetchRequest.ForgottenTopic(g.topic, g.topicId,
                    List.copyOf(g.partitions))));
        }
        List<FetchRequest.FetchTopic> out = new ArrayList<>(topics.size());
        topics.values().forEach(t -> out.add(new FetchRequest.FetchTopic(t.topic, t.topicId, List.copyOf(t.partitions))));
        return new Built(enabled ? sessionId : 0, epoch, full, out, forgotten, next, sent);
    }

    /** The broker answered {@code built} with top-level {@code error} and session id {@code responseSessionId}. */
    void completed(Built built, Errors error, int responseSessionId) {
        if (!enabled) {
            return;
        }
        if (error == Errors.NONE) {
            session = built.partitions();
            if (built.full()) {
                sessionId = responseSessionId;
                epoch = responseSessionId == 0 ? INITIAL_EPOCH : 1; // 0: the broker did not open one; try again
                if (responseSessionId == 0) {
                    session = Map.of();
                }
            } else {
                epoch = built.epoch() == Integer.MAX_VALUE ? 1 : built.epoch() + 1;
            }
        } else if (error == Errors.FETCH_SESSION_ID_NOT_FOUND) {
            reset(0);
        } else {
            reset(sessionId); // close the old session (if any) with the next full fetch and open a new one
        }
    }

    /** The request failed without an answer (connection lost, timeout): start over with a full fetch. */
    void failed() {
        if (enabled) {
            reset(sessionId);
        }
    }

    /**
     * The request that closes the open session (its id, epoch {@link #FINAL_EPOCH}, no partitions), as kafka-clients
     * sends when a consumer closes, so the broker frees the session's slot in its cache at once instead of keeping it
     * until it expires; {@code null} when no session is open. The session is forgotten here: whatever the broker
     * answers, the next fetch (if any) opens a new one.
     */
    Built close() {
        if (!enabled || sessionId == 0) {
            return null;
        }
        Built built = new Built(sessionId, FINAL_EPOCH, true, List.of(), List.of(), Map.of(), 0);
        reset(0);
        return built;
    }

    /**
     * Tests only: makes the next incremental fetch carry a session id ({@code idDelta != 0}) or epoch
     * ({@code epochDelta != 0}) the broker does not know, as after a broker restart or a lost response.
     */
    void damage(int idDelta, int epochDelta) {
        if (enabled && epoch > 0) {
            sessionId += idDelta;
            epoch += epochDelta;
        }
    }

    private void reset(int id) {
        sessionId = id;
        epoch = INITIAL_EPOCH;
        session = Map.of();
    }

    private static final class TopicBuilder {
        final String topic;
        final UUID topicId;
        final List<FetchRequest.FetchPartition> partitions = new ArrayList<>();

        TopicBuilder(String topic, UUID topicId) {
            this.topic = topic;
            this.topicId = topicId;
        }
    }

    private static final class ForgottenBuilder {
        final String topic;
        final UUID topicId;
        final List<Integer> partitions = new ArrayList<>();

        ForgottenBuilder(String topic, UUID topicId) {
            this.topic = topic;
            this.topicId = topicId;
        }
    }
}
