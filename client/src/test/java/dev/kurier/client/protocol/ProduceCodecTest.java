package dev.kurier.client.protocol;

import static dev.kurier.client.protocol.KafkaOracle.ID_A;
import static dev.kurier.client.protocol.KafkaOracle.ID_B;
import static dev.kurier.client.protocol.KafkaOracle.kafka;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Produce v9-v13 against kafka-clients' own serialization, both ways, and record-buffer ownership. */
class ProduceCodecTest {

    static Stream<Short> versions() {
        return KafkaOracle.versions(ApiKey.PRODUCE);
    }

    // ---- request ----------------------------------------------------------------------------------

    /** A request whose topics carry exactly what {@code v} sends: names up to v12, ids from v13. */
    static ProduceRequest request(short v, ByteBuf batchA, ByteBuf batchB) {
        boolean ids = v >= 13;
        List<ProduceRequest.TopicProduceData> topics = List.of(
                new ProduceRequest.TopicProduceData(ids ? null : "orders", ids ? ID_A : null, List.of(
                        new ProduceRequest.PartitionProduceData(0, batchA),
                        new ProduceRequest.PartitionProduceData(3, null))),
                new ProduceRequest.TopicProduceData(ids ? null : "payments", ids ? ID_B : null, List.of(
                        new ProduceRequest.PartitionProduceData(7, batchB))));
        return new ProduceRequest("txn-\u00e4", (short) -1, 30_000, topics);
    }

    static ProduceRequestData toKafka(ProduceRequest r) {
        ProduceRequestData.TopicProduceDataCollection topics = new ProduceRequestData.TopicProduceDataCollection();
        for (ProduceRequest.TopicProduceData t : r.topicData()) {
            List<ProduceRequestData.PartitionProduceData> partitions = new ArrayList<>();
            for (ProduceRequest.PartitionProduceData p : t.partitionData()) {
                partitions.add(new ProduceRequestData.PartitionProduceData().setIndex(p.index())
                        .setRecords(KafkaOracle.kafkaRecords(p.records())));
            }
            topics.add(new ProduceRequestData.TopicProduceData().setName(t.name() == null ? "" : t.name())
                    .setTopicId(kafka(t.topicId())).setPartitionData(partitions));
        }
        return new ProduceRequestData().setTransactionalId(r.transactionalId()).setAcks(r.acks())
                .setTimeoutMs(r.timeoutMs()).setTopicData(topics);
    }

    @ParameterizedTest
    @MethodSource("versions")
    void requestMatchesKafkaBothWays(short version) {
        ByteBuf a = Unpooled.wrappedBuffer(KafkaOracle.sampleRecords(0, "a"));
        ByteBuf b = KafkaOracle.ALLOC.directBuffer().writeBytes(KafkaOracle.sampleRecords(42, "b"));
        try {
            ProduceRequest r = request(version, a, b);
            // kafka's generated data reads a missing name as "", ours as null; toKafka maps null to "".
            KafkaOracle.assertSameAsKafkaVia(ProduceCodecTest::toKafka, r, ProduceRequest::write, ProduceRequest::read,
                    ProduceRequestData::new, version, ProduceRequest::release);
            assertThat(a.readerIndex()).as("write does not consume the producer's batch").isZero();
            assertThat(a.refCnt()).as("write does not release the producer's batch").isEqualTo(1);
            assertThat(b.refCnt()).isEqualTo(1);
            ProduceRequest fireAndForget = new ProduceRequest(null, (short) 0, 1000, r.topicData());
            KafkaOracle.assertSameAsKafkaVia(ProduceCodecTest::toKafka, fireAndForget,
                    ProduceRequest::write, ProduceRequest::read, ProduceRequestData::new, version, ProduceRequest::release);
            assertThat(fireAndForget.expectsResponse()).isFalse();
            assertThat(r.expectsResponse()).isTrue();
        } finally {
            a.release();
            b.release();
        }
    }

    @Test
    void readTakesRetainedSlicesAndReleaseFreesThemOnce() {
        short v = 12;
        ByteBuf a = Unpooled.wrappedBuffer(KafkaOracle.sampleRecords(0, "a"));
        ByteBuf b = Unpooled.wrappedBuffer(KafkaOracle.sampleRecords(5, "b"));
        byte[] bytes = KafkaOracle.ourBytes(request(v, a, b), ProduceRequest::write, v);
        a.release();
        b.release();
        ByteBuf frame = KafkaOracle.ALLOC.directBuffer(bytes.length).writeBytes(bytes);
        ProduceRequest parsed = ProduceRequest.read(frame, v);
        assertThat(frame.refCnt()).as("the slices keep the frame alive").isGreaterThan(1);
        frame.release();
        ByteBuf records = parsed.topicData().get(0).partitionData().get(0).records();
        assertThat(records.unwrap()).as("a slice of the frame, not a copy").isNotNull();
        assertThat(records.readableBytes()).isEqualTo(KafkaOracle.sampleRecords(0, "a").length);
        assertThat(records.refCnt()).isEqualTo(1);
        parsed.release();
        assertThat(records.refCnt()).isZero();
        assertThat(frame.refCnt()).as("the frame is freed with the last slice").isZero();
    }

    @ParameterizedTest
    @MethodSource("versions")
    void requestNeedsTheTopicIdentifierOfItsVersion(short version) {
        ProduceRequest onlyNames = new ProduceRequest(null, (short) 1, 1, List.of(
                new ProduceRequest.TopicProduceData("orders", null, List.of())));
        ProduceRequest onlyIds = new ProduceRequest(null, (short) 1, 1, List.of(
                new ProduceRequest.TopicProduceData(null, ID_A, List.of())));
        ProduceRequest both = new ProduceRequest(null, (short) 1, 1, List.of(
                new ProduceRequest.TopicProduceData("orders", ID_A, List.of())));
        ProduceRequest missing = version >= 13 ? onlyNames : onlyIds;
        assertThatThrownBy(() -> KafkaOracle.ourBytes(missing, ProduceRequest::write, version))
                .isInstanceOf(UnsupportedVersionException.class).hasMessageContaining("v" + version);
        // With both set, the version's identifier is written and the other dropped, as kafka-clients does.
        assertThat(KafkaOracle.ourBytes(both, ProduceRequest::write, version))
                .isEqualTo(KafkaOracle.kafkaBytes(toKafka(both), version));
    }

    // ---- response ---------------------------------------------------------------------------------

    static ProduceResponse response(short v) {
        boolean ids = v >= 13;
        boolean tagged = v >= 10;
        List<ProduceResponse.PartitionProduceResponse> partitions = List.of(
                new ProduceResponse.PartitionProduceResponse(0, (short) 0, 1234L, 1_700_000_000_000L, 17L, List.of(), null,
                        null),
                new ProduceResponse.PartitionProduceResponse(1, (short) 6, -1L, -1L, -1L, List.of(), "not leader",
                        tagged ? new LeaderIdAndEpoch(3, 12) : null),
                new ProduceResponse.PartitionProduceResponse(2, (short) 87, -1L, -1L, 0L, List.of(
                        new ProduceResponse.BatchIndexAndErrorMessage(4, "bad key"),
                        new ProduceResponse.BatchIndexAndErrorMessage(9, null)), "invalid record", null));
        List<ProduceResponse.TopicProduceResponse> topics = List.of(
                new ProduceResponse.TopicProduceResponse(ids ? null : "orders", ids ? ID_A : null, partitions),
                new ProduceResponse.TopicProduceResponse(ids ? null : "empty", ids ? ID_B : null, List.of()));
        List<NodeEndpoint> endpoints = tagged
                ? List.of(new NodeEndpoint(3, "broker-3.example", 9094, "rack-c"), new NodeEndpoint(4, "b4", 1, null))
                : List.of();
        return new ProduceResponse(topics, 250, endpoints);
    }

    static ProduceResponseData toKafka(ProduceResponse r) {
        ProduceResponseData.TopicProduceResponseCollection topics = new ProduceResponseData.TopicProduceResponseCollection();
        for (ProduceResponse.TopicProduceResponse t : r.responses()) {
            List<ProduceResponseData.PartitionProduceResponse> partitions = new ArrayList<>();
            for (ProduceResponse.PartitionProduceResponse p : t.partitionResponses()) {
                List<ProduceResponseData.BatchIndexAndErrorMessage> errors = new ArrayList<>();
                for (ProduceResponse.BatchIndexAndErrorMessage e : p.recordErrors()) {
                    errors.add(new ProduceResponseData.BatchIndexAndErrorMessage().setBatchIndex(e.batchIndex())
                            .setBatchIndexErrorMessage(e.batchIndexErrorMessage()));
                }
                ProduceResponseData.PartitionProduceResponse kp = new ProduceResponseData.PartitionProduceResponse()
                        .setIndex(p.index()).setErrorCode(p.errorCode()).setBaseOffset(p.baseOffset())
                        .setLogAppendTimeMs(p.logAppendTimeMs()).setLogStartOffset(p.logStartOffset())
                        .setRecordErrors(errors).setErrorMessage(p.errorMessage());
                if (p.currentLeader() != null) {
                    kp.setCurrentLeader(new ProduceResponseData.LeaderIdAndEpoch()
                            .setLeaderId(p.currentLeader().leaderId()).setLeaderEpoch(p.currentLeader().leaderEpoch()));
                }
                partitions.add(kp);
            }
            topics.add(new ProduceResponseData.TopicProduceResponse().setName(t.name() == null ? "" : t.name())
                    .setTopicId(kafka(t.topicId())).setPartitionResponses(partitions));
        }
        ProduceResponseData.NodeEndpointCollection endpoints = new ProduceResponseData.NodeEndpointCollection();
        for (NodeEndpoint e : r.nodeEndpoints()) {
            endpoints.add(new ProduceResponseData.NodeEndpoint().setNodeId(e.nodeId()).setHost(e.host())
                    .setPort(e.port()).setRack(e.rack()));
        }
        return new ProduceResponseData().setResponses(topics).setThrottleTimeMs(r.throttleTimeMs())
                .setNodeEndpoints(endpoints);
    }

    @ParameterizedTest
    @MethodSource("versions")
    void responseMatchesKafkaBothWays(short version) {
        KafkaOracle.assertSameAsKafkaVia(ProduceCodecTest::toKafka, response(version),
                ProduceResponse::write, ProduceResponse::read, ProduceResponseData::new, version, m -> { });
    }

    @Test
    void taggedFieldsBeforeV10AreRejectedLikeKafka() {
        short v9 = 9;
        ProduceResponse withLeader = new ProduceResponse(List.of(new ProduceResponse.TopicProduceResponse("t", null,
                List.of(new ProduceResponse.PartitionProduceResponse(0, (short) 6, -1, -1, -1, List.of(), null,
                        new LeaderIdAndEpoch(1, 2))))), 0, List.of());
        KafkaOracle.assertNeitherWrites(withLeader, ProduceResponse::write, toKafka(withLeader), v9, "CurrentLeader");
        ProduceResponse withEndpoints = new ProduceResponse(List.of(), 0, List.of(new NodeEndpoint(1, "h", 1, null)));
        KafkaOracle.assertNeitherWrites(withEndpoints, ProduceResponse::write, toKafka(withEndpoints), v9,
                "NodeEndpoints");
    }

    @Test
    void versionsOutsideOurRangeAreRejected() {
        ProduceRequest r = new ProduceRequest(null, (short) 1, 1, List.of());
        assertThatThrownBy(() -> KafkaOracle.ourBytes(r, ProduceRequest::write, (short) 8))
                .isInstanceOf(UnsupportedVersionException.class).hasMessageContaining("Produce v8");
        assertThatThrownBy(() -> KafkaOracle.ourBytes(r, ProduceRequest::write, (short) 14))
                .isInstanceOf(UnsupportedVersionException.class);
    }
}
