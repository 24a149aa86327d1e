package dev.kurier.client.protocol;

import static dev.kurier.client.protocol.KafkaOracle.ID_A;
import static dev.kurier.client.protocol.KafkaOracle.ID_B;
import static dev.kurier.client.protocol.KafkaOracle.ID_C;
import static dev.kurier.client.protocol.KafkaOracle.kafka;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Fetch v12-v18 against kafka-clients' own serialization, both ways, and record-slice ownership. */
class FetchCodecTest {

    static Stream<Short> versions() {
        return KafkaOracle.versions(ApiKey.FETCH);
    }

    // ---- request ----------------------------------------------------------------------------------

    /** A follower-style request using every field {@code v} carries, with non-default values. */
    static FetchRequest followerRequest(short v) {
        boolean ids = v >= 13;
        List<FetchRequest.FetchTopic> topics = List.of(
                new FetchRequest.FetchTopic(ids ? null : "orders", ids ? ID_A : null, List.of(
                        new FetchRequest.FetchPartition(0, 5, 1000L, 4, 10L, 1 << 20,
                                v >= 17 ? ID_C : null, v >= 18 ? 999L : Long.MAX_VALUE),
                        FetchRequest.FetchPartition.forConsumer(1, -1, 0L, -1, 65536))),
                new FetchRequest.FetchTopic(ids ? null : "payments", ids ? ID_B : null, List.of()));
        List<FetchRequest.ForgottenTopic> forgotten = List.of(
                new FetchRequest.ForgottenTopic(ids ? null : "gone", ids ? ID_C : null, List.of(3, 4, 5)));
        return new FetchRequest("cluster-x", v <= 14 ? 2 : -1, v >= 15 ? new FetchRequest.ReplicaState(2, 77L) : null,
                500, 1, 50 << 20, (byte) 1, 12345, 6, topics, forgotten, "rack-\u00df");
    }

    static FetchRequest consumerRequest(short v) {
        boolean ids = v >= 13;
        return FetchRequest.forConsumer(100, 0, Integer.MAX_VALUE, (byte) 0, 0, -1, List.of(
                new FetchRequest.FetchTopic(ids ? null : "t", ids ? ID_A : null,
                        List.of(FetchRequest.FetchPartition.forConsumer(9, 3, 77L, 2, 1024)))), List.of(), "");
    }

    static FetchRequestData toKafka(FetchRequest r) {
        List<FetchRequestData.FetchTopic> topics = new ArrayList<>();
        for (FetchRequest.FetchTopic t : r.topics()) {
            List<FetchRequestData.FetchPartition> partitions = new ArrayList<>();
            for (FetchRequest.FetchPartition p : t.partitions()) {
                partitions.add(new FetchRequestData.FetchPartition().setPartition(p.partition())
                        .setCurrentLeaderEpoch(p.currentLeaderEpoch()).setFetchOffset(p.fetchOffset())
                        .setLastFetchedEpoch(p.lastFetchedEpoch()).setLogStartOffset(p.logStartOffset())
                        .setPartitionMaxBytes(p.partitionMaxBytes()).setReplicaDirectoryId(kafka(p.replicaDirectoryId()))
                        .setHighWatermark(p.highWatermark()));
            }
            topics.add(new FetchRequestData.FetchTopic().setTopic(t.topic() == null ? "" : t.topic())
                    .setTopicId(kafka(t.topicId())).setPartitions(partitions));
        }
        List<FetchRequestData.ForgottenTopic> forgotten = new ArrayList<>();
        for (FetchRequest.ForgottenTopic f : r.forgottenTopicsData()) {
            forgotten.add(new FetchRequestData.ForgottenTopic().setTopic(f.topic() == null ? "" : f.topic())
                    .setTopicId(kafka(f.topicId())).setPartitions(f.partitions()));
        }
        FetchRequestData d = new FetchRequestData().setClusterId(r.clusterId()).setReplicaId(r.replicaId())
                .setMaxWaitMs(r.maxWaitMs()).setMinBytes(r.minBytes()).setMaxBytes(r.maxBytes())
                .setIsolationLevel(r.isolationLevel()).setSessionId(r.sessionId()).setSessionEpoch(r.sessionEpoch())
                .setTopics(topics).setForgottenTopicsData(forgotten).setRackId(r.rackId());
        if (r.replicaState() != null) {
            d.setReplicaState(new FetchRequestData.ReplicaState().setReplicaId(r.replicaState().replicaId())
                    .setReplicaEpoch(r.replicaState().replicaEpoch()));
        }
        return d;
    }

    @ParameterizedTest
    @MethodSource("versions")
    void requestMatchesKafkaBothWays(short version) {
        for (FetchRequest r : List.of(followerRequest(version), consumerRequest(version))) {
            KafkaOracle.assertSameAsKafkaVia(FetchCodecTest::toKafka, r, FetchRequest::write, FetchRequest::read,
                    FetchRequestData::new, version, m -> { });
        }
    }

    @ParameterizedTest
    @MethodSource("versions")
    void requestFieldsTheVersionLacks(short version) {
        // Ignorable tagged partition fields are dropped at versions without them, exactly as kafka-clients does.
        FetchRequest r = followerRequest(version);
        List<FetchRequest.FetchTopic> topics = new ArrayList<>();
        for (FetchRequest.FetchTopic t : r.topics()) {
            List<FetchRequest.FetchPartition> ps = new ArrayList<>();
            for (FetchRequest.FetchPartition p : t.partitions()) {
                ps.add(new FetchRequest.FetchPartition(p.partition(), p.currentLeaderEpoch(), p.fetchOffset(),
                        p.lastFetchedEpoch(), p.logStartOffset(), p.partitionMaxBytes(), ID_C, 42L));
            }
            topics.add(new FetchRequest.FetchTopic(t.topic(), t.topicId(), ps));
        }
        FetchRequest withIgnorables = new FetchRequest(r.clusterId(), r.replicaId(), r.replicaState(), r.maxWaitMs(),
                r.minBytes(), r.maxBytes(), r.isolationLevel(), r.sessionId(), r.sessionEpoch(), topics,
                r.forgottenTopicsData(), r.rackId());
        assertThat(KafkaOracle.ourBytes(withIgnorables, FetchRequest::write, version))
                .isEqualTo(KafkaOracle.kafkaBytes(toKafka(withIgnorables), version));

        // ReplicaId (up to v14) and ReplicaState (v15+) are not ignorable.
        FetchRequest wrongReplicaField = version >= 15
                ? new FetchRequest(null, 3, null, 1, 1, 1, (byte) 0, 0, -1, List.of(), List.of(), "")
                : new FetchRequest(null, -1, new FetchRequest.ReplicaState(3, 4L), 1, 1, 1, (byte) 0, 0, -1, List.of(),
                        List.of(), "");
        KafkaOracle.assertNeitherWrites(wrongReplicaField, FetchRequest::write, toKafka(wrongReplicaField), version,
                version >= 15 ? "ReplicaId" : "ReplicaState", "v" + version);

        // The topic identifier the version needs must be present.
        FetchRequest.FetchTopic missing = version >= 13
                ? new FetchRequest.FetchTopic("orders", null, List.of())
                : new FetchRequest.FetchTopic(null, ID_A, List.of());
        FetchRequest noId = FetchRequest.forConsumer(1, 1, 1, (byte) 0, 0, -1, List.of(missing), List.of(), "");
        assertThatThrownBy(() -> KafkaOracle.ourBytes(noId, FetchRequest::write, version))
                .isInstanceOf(UnsupportedVersionException.class).hasMessageContaining("Fetch v" + version);
    }

    // ---- response ---------------------------------------------------------------------------------

    static FetchResponse response(short v, ByteBuf recordsA, ByteBuf recordsB) {
        boolean ids = v >= 13;
        List<FetchResponse.PartitionData> partitions = List.of(
                new FetchResponse.PartitionData(0, (short) 0, 100L, 90L, 5L, null, null, null,
                        List.of(new FetchResponse.AbortedTransaction(4000L, 50L),
                                new FetchResponse.AbortedTransaction(4001L, 60L)), -1, recordsA),
                new FetchResponse.PartitionData(1, (short) 74, -1L, -1L, -1L,
                        new FetchResponse.EpochEndOffset(7, 1234L), new LeaderIdAndEpoch(2, 8),
                        new FetchResponse.SnapshotId(5555L, 6), null, 3, null),
                new FetchResponse.PartitionData(2, (short) 0, 10L, 10L, 0L, null, null, null, List.of(), -1, recordsB));
        List<FetchResponse.FetchableTopicResponse> topics = List.of(
                new FetchResponse.FetchableTopicResponse(ids ? null : "orders", ids ? ID_A : null, partitions),
                new FetchResponse.FetchableTopicResponse(ids ? null : "quiet", ids ? ID_B : null, List.of()));
        List<NodeEndpoint> endpoints = v >= 16
                ? List.of(new NodeEndpoint(2, "broker-2.example", 19092, null), new NodeEndpoint(5, "b5", 5, "r5"))
                : List.of();
        return new FetchResponse(17, (short) 0, 987654, topics, endpoints);
    }

    static FetchResponseData toKafka(FetchResponse r) {
        List<FetchResponseData.FetchableTopicResponse> topics = new ArrayList<>();
        for (FetchResponse.FetchableTopicResponse t : r.responses()) {
            List<FetchResponseData.PartitionData> partitions = new ArrayList<>();
            for (FetchResponse.PartitionData p : t.partitions()) {
                FetchResponseData.PartitionData kp = new FetchResponseData.PartitionData()
                        .setPartitionIndex(p.partitionIndex()).setErrorCode(p.errorCode())
                        .setHighWatermark(p.highWatermark()).setLastStableOffset(p.lastStableOffset())
                        .setLogStartOffset(p.logStartOffset()).setPreferredReadReplica(p.preferredReadReplica())
                        .setRecords(KafkaOracle.kafkaRecords(p.records()));
                if (p.abortedTransactions() == null) {
                    kp.setAbortedTransactions(null);
                } else {
                    List<FetchResponseData.AbortedTransaction> aborted = new ArrayList<>();
                    for (FetchResponse.AbortedTransaction a : p.abortedTransactions()) {
                        aborted.add(new FetchResponseData.AbortedTransaction().setProducerId(a.producerId())
                                .setFirstOffset(a.firstOffset()));
                    }
                    kp.setAbortedTransactions(aborted);
                }
                if (p.divergingEpoch() != null) {
                    kp.setDivergingEpoch(new FetchResponseData.EpochEndOffset().setEpoch(p.divergingEpoch().epoch())
                            .setEndOffset(p.divergingEpoch().endOffset()));
                }
                if (p.currentLeader() != null) {
                    kp.setCurrentLeader(new FetchResponseData.LeaderIdAndEpoch().setLeaderId(p.currentLeader().leaderId())
                            .setLeaderEpoch(p.currentLeader().leaderEpoch()));
                }
                if (p.snapshotId() != null) {
                    kp.setSnapshotId(new FetchResponseData.SnapshotId().setEndOffset(p.snapshotId().endOffset())
                            .setEpoch(p.snapshotId().epoch()));
                }
                partitions.add(kp);
            }
            topics.add(new FetchResponseData.FetchableTopicResponse().setTopic(t.topic() == null ? "" : t.topic())
                    .setTopicId(kafka(t.topicId())).setPartitions(partitions));
        }
        FetchResponseData.NodeEndpointCollection endpoints = new FetchResponseData.NodeEndpointCollection();
        for (NodeEndpoint e : r.nodeEndpoints()) {
            endpoints.add(new FetchResponseData.NodeEndpoint().setNodeId(e.nodeId()).setHost(e.host()).setPort(e.port())
                    .setRack(e.rack()));
        }
        return new FetchResponseData().setThrottleTimeMs(r.throttleTimeMs()).setErrorCode(r.errorCode())
                .setSessionId(r.sessionId()).setResponses(topics).setNodeEndpoints(endpoints);
    }

    @ParameterizedTest
    @MethodSource("versions")
    void responseMatchesKafkaBothWays(short version) {
        ByteBuf a = KafkaOracle.ALLOC.directBuffer().writeBytes(KafkaOracle.sampleRecords(50, "a"));
        ByteBuf b = Unpooled.wrappedBuffer(KafkaOracle.sampleRecords(8, "b"));
        try {
            FetchResponse r = response(version, a, b);
            KafkaOracle.assertSameAsKafkaVia(FetchCodecTest::toKafka, r, FetchResponse::write, FetchResponse::read,
                    FetchResponseData::new, version, FetchResponse::release);
            assertThat(a.readerIndex()).as("write does not consume records").isZero();
            assertThat(a.refCnt()).isEqualTo(1);
        } finally {
            a.release();
            b.release();
        }
    }

    @Test
    void readSlicesRecordsWithoutCopyAndReleaseFreesThemOnce() {
        short v = 16;
        byte[] batch = KafkaOracle.sampleRecords(50, "a");
        ByteBuf a = Unpooled.wrappedBuffer(batch);
        ByteBuf b = Unpooled.wrappedBuffer(KafkaOracle.sampleRecords(8, "b"));
        byte[] bytes = KafkaOracle.ourBytes(response(v, a, b), FetchResponse::write, v);
        a.release();
        b.release();
        ByteBuf frame = KafkaOracle.ALLOC.directBuffer(bytes.length).writeBytes(bytes);
        FetchResponse parsed = FetchResponse.read(frame, v);
        frame.release();
        assertThat(frame.refCnt()).as("the record slices keep the frame alive").isPositive();
        ByteBuf records = parsed.responses().get(0).partitions().get(0).records();
        assertThat(records.unwrap()).as("a slice, not a copy").isNotNull();
        assertThat(io.netty.buffer.ByteBufUtil.getBytes(records)).isEqualTo(batch);
        assertThat(parsed.responses().get(0).partitions().get(1).records()).isNull();
        parsed.release();
        assertThat(records.refCnt()).isZero();
        assertThat(frame.refCnt()).as("freed with the last slice").isZero();
    }

    @Test
    void nodeEndpointsBeforeV16AreRejectedLikeKafka() {
        short v15 = 15;
        FetchResponse withEndpoints = new FetchResponse(0, (short) 0, 0, List.of(), List.of(new NodeEndpoint(1, "h", 1, null)));
        KafkaOracle.assertNeitherWrites(withEndpoints, FetchResponse::write, toKafka(withEndpoints), v15,
                "NodeEndpoints");
    }

    @Test
    void corruptRecordLengthIsAProtocolErrorAndLeaksNothing() {
        short v = 12;
        ByteBuf a = Unpooled.wrappedBuffer(KafkaOracle.sampleRecords(0, "a"));
        byte[] bytes = KafkaOracle.ourBytes(response(v, a, null), FetchResponse::write, v);
        a.release();
        // Make the second partition's null records (0) claim 2^28 bytes: the reader must not slice or allocate it.
        int firstRecordsEnd = indexOfSecondPartition(bytes);
        ByteBuf frame = Unpooled.wrappedBuffer(bytes);
        try {
            frame.setByte(firstRecordsEnd, 0x80);
            assertThatThrownBy(() -> FetchResponse.read(frame, v)).isInstanceOf(ProtocolException.class);
            assertThat(frame.refCnt()).as("the slice of the first partition was released").isEqualTo(1);
        } finally {
            frame.release();
        }
    }

    /** Offset of the second partition's records length byte in a v12 {@link #response} frame. */
    private static int indexOfSecondPartition(byte[] bytes) {
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        in.skipBytes(4 + 2 + 4);
        Primitives.readUnsignedVarint(in); // topics
        Primitives.readCompactString(in);
        Primitives.readUnsignedVarint(in); // partitions
        // Partition 0.
        in.skipBytes(4 + 2 + 8 + 8 + 8);
        int aborted = Primitives.readUnsignedVarint(in) - 1;
        in.skipBytes(aborted * 17 + 4);
        int len = Primitives.readUnsignedVarint(in) - 1;
        in.skipBytes(len);
        Primitives.skipTaggedFields(in);
        // Partition 1 up to its records.
        in.skipBytes(4 + 2 + 8 + 8 + 8);
        Primitives.readUnsignedVarint(in); // null aborted transactions
        in.skipBytes(4);
        return in.readerIndex();
    }
}
