package dev.kurier.client.consumer.internals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.protocol.Errors;
import dev.kurier.client.protocol.message.FetchRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.junit.jupiter.api.Test;

/** The KIP-227 client state machine: full then incremental fetches, forgotten partitions, epochs, error recovery. */
class FetchSessionTest {

    private static final UUID ORDERS = UUID.fromString("7c8a0f1e-0000-4000-8000-000000000001");
    private static final UUID AUDIT = UUID.fromString("7c8a0f1e-0000-4000-8000-000000000002");

    private static Map<TopicPartition, FetchSession.Wanted> wanted(long... offsets) {
        Map<TopicPartition, FetchSession.Wanted> m = new LinkedHashMap<>();
        for (int p = 0; p < offsets.length; p++) {
            m.put(new TopicPartition("orders", p), new FetchSession.Wanted(ORDERS, offsets[p], -1, -1, 1 << 20));
        }
        return m;
    }

    private static org.apache.kafka.common.Uuid kafkaId(UUID id) {
        return new org.apache.kafka.common.Uuid(id.getMostSignificantBits(), id.getLeastSignificantBits());
    }

    private static int named(FetchSession.Built b) {
        return b.topics().stream().mapToInt(t -> t.partitions().size()).sum();
    }

    @Test
    void firstFetchIsFullAndOpensTheSessionThenFetchesAreIncremental() {
        FetchSession s = new FetchSession(true);
        FetchSession.Built first = s.build(wanted(0, 0, 0));
        assertThat(first.full()).isTrue();
        assertThat(first.sessionId()).isZero();
        assertThat(first.epoch()).isZero();
        assertThat(named(first)).isEqualTo(3);
        s.completed(first, Errors.NONE, 77);

        // nothing moved: an incremental fetch naming no partition (the broker answers those with new data)
        FetchSession.Built idle = s.build(wanted(0, 0, 0));
        assertThat(idle.full()).isFalse();
        assertThat(idle.sessionId()).isEqualTo(77);
        assertThat(idle.epoch()).isEqualTo(1);
        assertThat(idle.topics()).isEmpty();
        assertThat(idle.forgotten()).isEmpty();
        s.completed(idle, Errors.NONE, 77);

        // partition 1 got data: only it is sent, at its new offset
        FetchSession.Built moved = s.build(wanted(0, 40, 0));
        assertThat(moved.epoch()).isEqualTo(2);
        assertThat(moved.sent()).isEqualTo(1);
        assertThat(moved.topics()).singleElement().satisfies(t -> {
            assertThat(t.topicId()).isEqualTo(ORDERS);
            assertThat(t.partitions()).singleElement().satisfies(p -> {
                assertThat(p.partition()).isEqualTo(1);
                assertThat(p.fetchOffset()).isEqualTo(40);
            });
        });
        s.completed(moved, Errors.NONE, 77);

        // partition 2 leaves (queue full, paused, revoked): forgotten by topic id
        Map<TopicPartition, FetchSession.Wanted> two = wanted(0, 40);
        FetchSession.Built removed = s.build(two);
        assertThat(removed.topics()).isEmpty();
        assertThat(removed.forgotten()).singleElement().satisfies(f -> {
            assertThat(f.topicId()).isEqualTo(ORDERS);
            assertThat(f.partitions()).containsExactly(2);
        });
        s.completed(removed, Errors.NONE, 77);
        assertThat(s.nextEpoch()).isEqualTo(4);

        // and comes back: sent again as new
        FetchSession.Built back = s.build(wanted(0, 40, 9));
        assertThat(back.sent()).isEqualTo(1);
        assertThat(back.topics().get(0).partitions().get(0).fetchOffset()).isEqualTo(9);
    }

    @Test
    void sessionNotFoundStartsOverWithAFullFetchUnderNoSession() {
        FetchSession s = new FetchSession(true);
        FetchSession.Built first = s.build(wanted(5, 6));
        s.completed(first, Errors.NONE, 12);
        FetchSession.Built inc = s.build(wanted(5, 7));
        s.completed(inc, Errors.FETCH_SESSION_ID_NOT_FOUND, 0);

        FetchSession.Built again = s.build(wanted(5, 7));
        assertThat(again.full()).isTrue();
        assertThat(again.sessionId()).isZero();
        assertThat(again.epoch()).isZero();
        assertThat(named(again)).isEqualTo(2);
        s.completed(again, Errors.NONE, 13);
        FetchSession.Built next = s.build(wanted(5, 7));
        assertThat(next.full()).isFalse();
        assertThat(next.sessionId()).isEqualTo(13);
        assertThat(next.epoch()).isEqualTo(1);
        assertThat(next.topics()).isEmpty();
    }

    @Test
    void invalidEpochOrALostConnectionClosesTheSessionWithTheNextFullFetch() {
        FetchSession s = new FetchSession(true);
        s.completed(s.build(wanted(1)), Errors.NONE, 21);
        s.completed(s.build(wanted(2)), Errors.INVALID_FETCH_SESSION_EPOCH, 21);
        FetchSession.Built full = s.build(wanted(2));
        assertThat(full.full()).isTrue();
        assertThat(full.sessionId()).isEqualTo(21); // id with epoch 0: close it and open a new one
        assertThat(full.epoch()).isZero();
        s.completed(full, Errors.NONE, 22);
        s.build(wanted(3));
        s.failed();
        FetchSession.Built afterLoss = s.build(wanted(3));
        assertThat(afterLoss.full()).isTrue();
        assertThat(afterLoss.epoch()).isZero();
        assertThat(named(afterLoss)).isEqualTo(1);
    }

    @Test
    void brokerWithoutSessionsGetsFullFetchesAgain() {
        FetchSession s = new FetchSession(true);
        s.completed(s.build(wanted(1, 1)), Errors.NONE, 0);
        FetchSession.Built next = s.build(wanted(1, 1));
        assertThat(next.full()).isTrue();
        assertThat(next.epoch()).isZero();
        assertThat(named(next)).isEqualTo(2);
    }

    @Test
    void epochWrapsFromMaxToOne() {
        FetchSession s = new FetchSession(5, Integer.MAX_VALUE);
        FetchSession.Built b = s.build(wanted(1));
        assertThat(b.epoch()).isEqualTo(Integer.MAX_VALUE);
        assertThat(b.full()).isFalse();
        s.completed(b, Errors.NONE, 5);
        assertThat(s.nextEpoch()).isEqualTo(1);
    }

    @Test
    void disabledSessionsAreFullSessionlessFetches() {
        FetchSession s = new FetchSession(false);
        for (int i = 0; i < 3; i++) {
            FetchSession.Built b = s.build(wanted(i, i));
            assertThat(b.full()).isTrue();
            assertThat(b.sessionId()).isZero();
            assertThat(b.epoch()).isEqualTo(FetchSession.FINAL_EPOCH);
            assertThat(named(b)).isEqualTo(2);
            s.completed(b, Errors.NONE, 0);
        }
    }

    @Test
    void aRecreatedTopicIsForgottenUnderItsOldIdAndSentUnderItsNewOne() {
        FetchSession s = new FetchSession(true);
        s.completed(s.build(wanted(3)), Errors.NONE, 8);
        Map<TopicPartition, FetchSession.Wanted> w = new LinkedHashMap<>();
        w.put(new TopicPartition("orders", 0), new FetchSession.Wanted(AUDIT, 0, -1, -1, 1 << 20));
        FetchSession.Built b = s.build(w);
        assertThat(b.forgotten()).singleElement().satisfies(f -> assertThat(f.topicId()).isEqualTo(ORDERS));
        assertThat(b.topics()).singleElement().satisfies(t -> assertThat(t.topicId()).isEqualTo(AUDIT));
    }

    /** The incremental request, as Kurier writes it at v17, is what kafka-clients reads: session, epoch, forgotten. */
    @Test
    void incrementalRequestBytesMatchKafkaClients() {
        FetchSession s = new FetchSession(true);
        s.completed(s.build(wanted(0, 0, 0)), Errors.NONE, 99);
        FetchSession.Built b = s.build(wanted(0, 10));
        FetchRequest req = FetchRequests.forConsumer(500, 1, 1 << 20, (byte) 0, b.sessionId(), b.epoch(), b.topics(),
                b.forgotten(), "");
        ByteBuf buf = Unpooled.buffer();
        try {
            req.write(buf, (short) 17);
            ByteBuffer nio = ByteBuffer.allocate(buf.readableBytes());
            buf.getBytes(buf.readerIndex(), nio);
            nio.flip();
            FetchRequestData theirs = new FetchRequestData(new ByteBufferAccessor(nio), (short) 17);
            assertThat(theirs.sessionId()).isEqualTo(99);
            assertThat(theirs.sessionEpoch()).isEqualTo(1);
            assertThat(theirs.topics()).singleElement().satisfies(t -> {
                assertThat(t.topicId()).isEqualTo(kafkaId(ORDERS));
                assertThat(t.partitions()).singleElement().satisfies(p -> {
                    assertThat(p.partition()).isEqualTo(1);
                    assertThat(p.fetchOffset()).isEqualTo(10);
                });
            });
            assertThat(theirs.forgottenTopicsData()).singleElement().satisfies(f -> {
                assertThat(f.topicId()).isEqualTo(kafkaId(ORDERS));
                assertThat(f.partitions()).isEqualTo(List.of(2));
            });
        } finally {
            buf.release();
        }
    }

    @Test
    void closeNamesTheOpenSessionWithTheFinalEpochAndNothingElseThenStartsOver() {
        assertThat(new FetchSession(false).close()).as("sessions disabled").isNull();
        FetchSession s = new FetchSession(true);
        assertThat(s.close()).as("no session opened yet").isNull();
        s.completed(s.build(wanted(0, 0, 0)), Errors.NONE, 99);
        s.completed(s.build(wanted(5, 0, 0)), Errors.NONE, 99);

        FetchSession.Built close = s.close();
        assertThat(close.sessionId()).isEqualTo(99);
        assertThat(close.epoch()).isEqualTo(FetchSession.FINAL_EPOCH)
                .isEqualTo(org.apache.kafka.common.requests.FetchMetadata.FINAL_EPOCH);
        FetchRequest req = FetchRequests.forConsumer(0, 0, 0, (byte) 0, close.sessionId(), close.epoch(), close.topics(),
                close.forgotten(), "");
        ByteBuf buf = Unpooled.buffer();
        try {
            req.write(buf, (short) 17);
            ByteBuffer nio = ByteBuffer.allocate(buf.readableBytes());
            buf.getBytes(buf.readerIndex(), nio);
            nio.flip();
            FetchRequestData theirs = new FetchRequestData(new ByteBufferAccessor(nio), (short) 17);
            assertThat(theirs.sessionId()).isEqualTo(99);
            assertThat(theirs.sessionEpoch()).isEqualTo(-1);
            assertThat(theirs.topics()).isEmpty();
            assertThat(theirs.forgottenTopicsData()).isEmpty();
        } finally {
            buf.release();
        }

        // closed once; a fetch after it (none is sent by a closed consumer) would open a new session
        assertThat(s.close()).isNull();
        FetchSession.Built next = s.build(wanted(5, 0, 0));
        assertThat(next.full()).isTrue();
        assertThat(next.sessionId()).isZero();
        assertThat(next.epoch()).isZero();
    }
}
