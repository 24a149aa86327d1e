package dev.kurier.client.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.group.assignor.Assignment;
import dev.kurier.client.group.assignor.Subscription;
import dev.kurier.client.protocol.ApiKey;
import dev.kurier.client.protocol.Errors;
import dev.kurier.client.protocol.requests.FindCoordinators;
import dev.kurier.client.protocol.message.FindCoordinatorRequest;
import dev.kurier.client.protocol.message.FindCoordinatorResponse;
import dev.kurier.client.protocol.message.HeartbeatResponse;
import dev.kurier.client.protocol.message.JoinGroupRequest;
import dev.kurier.client.protocol.message.JoinGroupResponse;
import dev.kurier.client.protocol.KafkaErrorException;
import dev.kurier.client.protocol.message.LeaveGroupRequest;
import dev.kurier.client.protocol.message.LeaveGroupResponse;
import dev.kurier.client.protocol.message.OffsetCommitRequest;
import dev.kurier.client.protocol.message.OffsetCommitResponse;
import dev.kurier.client.protocol.message.OffsetFetchRequest;
import dev.kurier.client.protocol.message.OffsetFetchResponse;
import dev.kurier.client.protocol.message.SyncGroupRequest;
import dev.kurier.client.protocol.message.SyncGroupResponse;
import dev.kurier.client.testing.Eventually;
import dev.kurier.client.testing.FakeBroker;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Coordinator and membership errors, answered by a scripted coordinator because a real broker cannot be made
 * to answer them on cue: lookups that find no coordinator yet, a coordinator that is loading or has moved,
 * commits refused because the group rebalanced, retry budgets, unstable offsets, and the membership state
 * machine through NOT_COORDINATOR, MEMBER_ID_REQUIRED, REBALANCE_IN_PROGRESS and UNKNOWN_MEMBER_ID.
 */
class CoordinatorErrorsTest {

    private static final String GROUP = "scripted-group";
    private static final TopicPartition T0 = new TopicPartition("t", 0);
    private static final TopicPartition T1 = new TopicPartition("t", 1);

    /** Answers each API with the handler registered for it and logs what it received. */
    private static final class Script implements FakeBroker.Script {
        interface Handler {
            void handle(int nth, short version, ByteBuf body, ByteBuf response);
        }

        final Map<ApiKey, Handler> handlers = new ConcurrentHashMap<>();
        final Map<ApiKey, AtomicInteger> counts = new ConcurrentHashMap<>();
        final List<String> received = new CopyOnWriteArrayList<>();

        Script on(ApiKey key, Handler h) {
            handlers.put(key, h);
            return this;
        }

        int count(ApiKey key) {
            AtomicInteger c = counts.get(key);
            return c == null ? 0 : c.get();
        }

        @Override
        public void reply(int n, dev.kurier.client.protocol.RequestHeader header, ByteBuf body, java.net.Socket socket,
                          OutputStream out) throws IOException {
            ApiKey key = header.apiKey();
            int nth = counts.computeIfAbsent(key, k -> new AtomicInteger()).getAndIncrement();
            received.add(key.displayName);
            Handler h = handlers.get(key);
            if (h == null) {
                throw new IOException("no script for " + key);
            }
            ByteBuf response = Unpooled.buffer();
            try {
                h.handle(nth, header.apiVersion(), body, response);
                FakeBroker.respond(out, header.correlationId(), key.responseHeaderVersion(header.apiVersion()), response);
            } finally {
                response.release();
            }
        }
    }

    private FakeBroker broker;
    private TestGroupMember member;

    @AfterEach
    void close() throws Exception {
        if (member != null) {
            member.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private TestGroupMember start(Script script, Map<String, Object> overrides) throws IOException {
        broker = new FakeBroker(script);
        Map<String, Object> config = new java.util.HashMap<>(Map.of("heartbeat.interval.ms", 100));
        config.putAll(overrides);
        member = new TestGroupMember("scripted", "127.0.0.1:" + broker.port(), GROUP, List.of("range"), config);
        return member;
    }

    /** FindCoordinator answers: the first {@code failures} with {@code error}, then this broker. */
    private Script.Handler findCoordinator(int failures, Errors error) {
        return (nth, v, body, out) -> {
            FindCoordinatorRequest req = FindCoordinatorRequest.read(body, v);
            assertThat(req.keyType()).isEqualTo(FindCoordinators.KEY_TYPE_GROUP);
            assertThat(v >= 4 ? req.coordinatorKeys() : List.of(req.key())).containsExactly(GROUP);
            Errors e = nth < failures ? error : Errors.NONE;
            FindCoordinatorResponse.builder().coordinators(List.of(new FindCoordinatorResponse.Coordinator(
                    GROUP, 1, "127.0.0.1", broker.port(), e.code, null))).build().write(out, v);
        };
    }

    private static Script.Handler commitAnswers(Errors... errors) {
        return (nth, v, body, out) -> {
            OffsetCommitRequest req = OffsetCommitRequest.read(body, v);
            Errors e = errors[Math.min(nth, errors.length - 1)];
            List<OffsetCommitResponse.Topic> topics = req.topics().stream().map(t -> OffsetCommitResponse.Topic
                    .builder().name(t.name()).partitions(t.partitions().stream()
                            .map(p -> new OffsetCommitResponse.Partition(p.partitionIndex(), e.code)).toList())
                    .build()).toList();
            OffsetCommitResponse.builder().topics(topics).build().write(out, v);
        };
    }

    @Test
    void commitsFindTheCoordinatorAgainAndRetryThroughLoadingAndMoves() throws Exception {
        Script script = new Script()
                .on(ApiKey.FIND_COORDINATOR, findCoordinator(1, Errors.COORDINATOR_NOT_AVAILABLE))
                .on(ApiKey.OFFSET_COMMIT, commitAnswers(Errors.COORDINATOR_LOAD_IN_PROGRESS, Errors.NOT_COORDINATOR,
                        Errors.NONE));
        TestGroupMember m = start(script, Map.of());
        m.group.commitSync(Map.of(T0, OffsetAndMetadata.of(5)), Duration.ofSeconds(10));
        assertThat(script.received).containsExactly("FindCoordinator", "FindCoordinator", "OffsetCommit",
                "OffsetCommit", "FindCoordinator", "OffsetCommit");
    }

    @Test
    void rebalancingAndStaleGenerationsFailCommitsAtOnce() throws Exception {
        Script script = new Script().on(ApiKey.FIND_COORDINATOR, findCoordinator(0, Errors.NONE))
                .on(ApiKey.OFFSET_COMMIT, commitAnswers(Errors.REBALANCE_IN_PROGRESS, Errors.ILLEGAL_GENERATION,
                        Errors.UNKNOWN_MEMBER_ID, Errors.OFFSET_METADATA_TOO_LARGE));
        TestGroupMember m = start(script, Map.of());
        Map<TopicPartition, OffsetAndMetadata> offsets = Map.of(T0, OffsetAndMetadata.of(5));
        assertThatThrownBy(() -> m.group.commitSync(offsets)).isInstanceOf(RebalanceInProgressException.class)
                .hasMessageContaining("rebalancing").hasMessageContaining("poll()");
        assertThatThrownBy(() -> m.group.commitSync(offsets)).isExactlyInstanceOf(CommitFailedException.class)
                .hasMessageContaining("ILLEGAL_GENERATION").hasMessageContaining("max.poll.interval.ms");
        assertThatThrownBy(() -> m.group.commitSync(offsets)).isExactlyInstanceOf(CommitFailedException.class)
                .hasMessageContaining("UNKNOWN_MEMBER_ID");
        assertThatThrownBy(() -> m.group.commitSync(offsets)).isInstanceOf(KafkaErrorException.class)
                .hasMessageContaining("OFFSET_METADATA_TOO_LARGE").hasMessageContaining("t-0");
        assertThat(script.count(ApiKey.OFFSET_COMMIT)).isEqualTo(4); // none of them retried
    }

    @Test
    void retriesStopAtOffsetsCommitMaxRetries() throws Exception {
        Script script = new Script().on(ApiKey.FIND_COORDINATOR, findCoordinator(0, Errors.NONE))
                .on(ApiKey.OFFSET_COMMIT, commitAnswers(Errors.COORDINATOR_LOAD_IN_PROGRESS));
        TestGroupMember m = start(script, Map.of("offsets.commit.max.retries", 2));
        List<Exception> results = new CopyOnWriteArrayList<>();
        m.group.commitAsync(Map.of(T0, OffsetAndMetadata.of(5)), (offsets, e) -> results.add(e));
        Eventually.repeat(Duration.ofSeconds(10), "results not empty", () -> {
            m.group.poll(Duration.ofMillis(20));
            return !results.isEmpty();
        });
        assertThat(results).singleElement().isInstanceOfSatisfying(KafkaErrorException.class,
                e -> assertThat(e.error()).isEqualTo(Errors.COORDINATOR_LOAD_IN_PROGRESS));
        assertThat(script.count(ApiKey.OFFSET_COMMIT)).isEqualTo(3);
    }

    @Test
    void committedRetriesUnstableOffsetsAndMovedCoordinators() throws Exception {
        Script script = new Script().on(ApiKey.FIND_COORDINATOR, findCoordinator(0, Errors.NONE))
                .on(ApiKey.OFFSET_FETCH, (nth, v, body, out) -> {
                    OffsetFetchRequest req = OffsetFetchRequest.read(body, v);
                    assertThat(req.groups()).singleElement().satisfies(g -> assertThat(g.groupId()).isEqualTo(GROUP));
                    short groupError = nth == 0 ? Errors.NOT_COORDINATOR.code : 0;
                    short partitionError = nth == 1 ? Errors.UNSTABLE_OFFSET_COMMIT.code : 0;
                    List<OffsetFetchResponse.Partitions> parts = List.of(
                            new OffsetFetchResponse.Partitions(0, 17, 3, "meta", partitionError),
                            new OffsetFetchResponse.Partitions(1, -1, -1, null, (short) 0));
                    OffsetFetchResponse.builder().groups(List.of(new OffsetFetchResponse.Group(GROUP,
                            List.of(OffsetFetchResponse.Topics.builder().name("t").partitions(parts).build()),
                            groupError))).build().write(out, v);
                });
        TestGroupMember m = start(script, Map.of());
        Map<TopicPartition, OffsetAndMetadata> committed = m.group.committed(List.of(T0, T1), Duration.ofSeconds(10));
        assertThat(committed).containsExactly(Map.entry(T0, new OffsetAndMetadata(17, 3, "meta")));
        assertThat(script.received).containsExactly("FindCoordinator", "OffsetFetch", "FindCoordinator", "OffsetFetch",
                "OffsetFetch");
    }

    @Test
    void membershipSurvivesCoordinatorMovesRebalancesAndBeingForgotten() throws Exception {
        List<String> joins = new CopyOnWriteArrayList<>();
        AtomicInteger generation = new AtomicInteger(4);
        Script script = new Script().on(ApiKey.FIND_COORDINATOR, findCoordinator(0, Errors.NONE))
                .on(ApiKey.JOIN_GROUP, (nth, v, body, out) -> {
                    JoinGroupRequest req = JoinGroupRequest.read(body, v);
                    Subscription s = ProtocolMapping.subscription(req.protocols().get(0).metadata(), null);
                    joins.add(req.memberId() + " " + req.protocols().get(0).name() + " " + s.topics());
                    Errors e = switch (nth) {
                        case 0 -> Errors.NOT_COORDINATOR;
                        case 1 -> Errors.MEMBER_ID_REQUIRED;
                        default -> Errors.NONE;
                    };
                    String memberId = nth < 3 ? "m-1" : req.memberId().isEmpty() ? "m-2" : req.memberId();
                    int gen = e == Errors.NONE ? generation.incrementAndGet() : -1;
                    new JoinGroupResponse(0, e.code, gen, "consumer", e == Errors.NONE ? "range" : null, "leader-x",
                            false, memberId, List.of()).write(out, v);
                })
                .on(ApiKey.SYNC_GROUP, (nth, v, body, out) -> {
                    SyncGroupRequest req = SyncGroupRequest.read(body, v);
                    assertThat(req.assignments()).isEmpty(); // a follower sends none
                    List<TopicPartition> mine = nth < 2 ? List.of(T0, T1) : List.of(T1);
                    new SyncGroupResponse(0, (short) 0, "consumer", "range",
                            ProtocolMapping.assignmentBytes(Assignment.of(mine))).write(out, v);
                })
                .on(ApiKey.HEARTBEAT, (nth, v, body, out) -> {
                    Errors e = nth == 2 ? Errors.REBALANCE_IN_PROGRESS : nth == 5 ? Errors.UNKNOWN_MEMBER_ID
                            : Errors.NONE;
                    new HeartbeatResponse(0, e.code).write(out, v);
                })
                .on(ApiKey.LEAVE_GROUP, (nth, v, body, out) -> {
                    LeaveGroupRequest req = LeaveGroupRequest.read(body, v);
                    joins.add("leave " + req.members().get(0).memberId());
                    new LeaveGroupResponse(0, (short) 0, List.of()).write(out, v);
                });
        TestGroupMember m = start(script, Map.of());
        m.subscribe("t");
        TestGroupMember.pollUntil(Duration.ofSeconds(10), () -> m.assignment().equals(java.util.Set.of(T1))
                && m.lost.contains(T0), m);
        // NOT_COORDINATOR: rediscover; MEMBER_ID_REQUIRED: join again with the given id; REBALANCE_IN_PROGRESS
        // (third heartbeat): rejoin with the same id; UNKNOWN_MEMBER_ID: partitions lost, join again with no id.
        assertThat(joins).containsExactly(" range [t]", " range [t]", "m-1 range [t]", "m-1 range [t]",
                " range [t]");
        assertThat(m.events).containsExactly("assigned [t-0, t-1]", "revoked [t-0, t-1]", "assigned [t-0, t-1]",
                "lost [t-0, t-1]", "assigned [t-1]");
        assertThat(m.group.groupMetadata().memberId()).isEqualTo("m-2");
        assertThat(m.group.groupMetadata().generationId()).isEqualTo(7);
        m.close();
        member = null;
        assertThat(joins).last().isEqualTo("leave m-2");
        assertThat(m.events).last().isEqualTo("revoked [t-1]");
    }
}
