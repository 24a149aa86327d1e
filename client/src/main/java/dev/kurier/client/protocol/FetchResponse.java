package dev.kurier.client.protocol;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * Fetch response (key 1), v12-v18. Topics carry {@code topic} (name) up to v12 and {@code topicId} from v13; the
 * other reads as null / the zero UUID. Tagged fields: per partition {@code divergingEpoch} (0),
 * {@code currentLeader} (1) and {@code snapshotId} (2), null when absent; top-level {@code nodeEndpoints} (v16+),
 * empty when absent.
 *
 * <p><b>Buffer ownership.</b> {@link #read} does not copy record data: each partition's {@code records} is a
 * {@linkplain ByteBuf#retainedSlice() retained slice} of the input frame, so the frame's memory stays alive until
 * {@link #release()} is called. Whoever receives the response calls {@link #release()} exactly once, after it is done
 * with every partition's records (a caller that keeps one partition's records longer retains that buffer itself).
 * The input buffer stays owned by the caller of {@code read}. {@link #write} (tests that play the broker) copies the
 * records without consuming or releasing them.
 */
public record FetchResponse(int throttleTimeMs, short errorCode, int sessionId, List<FetchableTopicResponse> responses,
                            List<NodeEndpoint> nodeEndpoints) implements Response {

    private static final ApiKey API = ApiKey.FETCH;

    /** One topic's partitions; {@code topic} up to v12, {@code topicId} from v13. */
    public record FetchableTopicResponse(String topic, UUID topicId, List<PartitionData> partitions) {
        /** Normalises a null id to the zero UUID. */
        public FetchableTopicResponse {
            topicId = topicId == null ? Primitives.ZERO_UUID : topicId;
        }
    }

    /**
     * One partition's data.
     *
     * @param lastStableOffset -1 when unknown
     * @param logStartOffset -1 when unknown
     * @param divergingEpoch tagged: set when the fetch offset diverges from the leader's log, else null
     * @param currentLeader tagged: the new leader with NOT_LEADER_OR_FOLLOWER / FENCED_LEADER_EPOCH, else null
     * @param snapshotId tagged: KRaft snapshot to fetch instead, else null
     * @param abortedTransactions read_committed only; null when the broker sends none
     * @param preferredReadReplica -1 unless the consumer should fetch from a follower (KIP-392)
     * @param records the record batches (a retained slice after {@link FetchResponse#read}), or null
     */
    public record PartitionData(int partitionIndex, short errorCode, long highWatermark, long lastStableOffset,
                                long logStartOffset, EpochEndOffset divergingEpoch, LeaderIdAndEpoch currentLeader,
                                SnapshotId snapshotId, List<AbortedTransaction> abortedTransactions,
                                int preferredReadReplica, ByteBuf records) {
    }

    /** The largest epoch and its end offset, when the fetch diverged from the leader's log. */
    public record EpochEndOffset(int epoch, long endOffset) {
        /** Whether this equals Kafka's default (-1, -1), which is not written. */
        public boolean isDefault() {
            return epoch == -1 && endOffset == -1L;
        }
    }

    /** The end offset and epoch of a KRaft snapshot. */
    public record SnapshotId(long endOffset, int epoch) {
        /** Whether this equals Kafka's default (-1, -1), which is not written. */
        public boolean isDefault() {
            return endOffset == -1L && epoch == -1;
        }
    }

    /** An aborted transaction overlapping the returned records (read_committed). */
    public record AbortedTransaction(long producerId, long firstOffset) {
    }

    /** Normalises a null endpoint list to an empty one. */
    public FetchResponse {
        nodeEndpoints = nodeEndpoints == null ? List.of() : nodeEndpoints;
    }

    /** Releases every partition's records buffer once. Call exactly once, on a response returned by {@link #read}. */
    @Override
    public void release() {
        releaseAll(responses);
    }

    private static void releaseAll(List<FetchableTopicResponse> topics) {
        for (FetchableTopicResponse t : topics) {
            for (PartitionData p : t.partitions()) {
                if (p.records() != null) {
                    p.records().release();
                }
            }
        }
    }

    /**
     * Reads the body at {@code version}, slicing (not copying) each partition's records; see the class comment for
     * ownership. If reading fails, the slices taken so far are released before the exception propagates.
     */
    public static FetchResponse read(ByteBuf in, short version) {
        VersionRules.check(API, version);
        List<FetchableTopicResponse> topics = new ArrayList<>();
        try {
            int throttle = Fields.readInt32(in, "ThrottleTimeMs");
            short errorCode = Fields.readInt16(in, "ErrorCode");
            int sessionId = Fields.readInt32(in, "SessionId");
            int nt = Fields.readNonNullCompactArrayLength(in, "Responses");
            for (int i = 0; i < nt; i++) {
                String name = version <= 12 ? Primitives.readCompactString(in) : null;
                UUID id = version >= 13 ? Primitives.readUuid(in) : Primitives.ZERO_UUID;
                int np = Fields.readNonNullCompactArrayLength(in, "Responses.Partitions");
                List<PartitionData> partitions = new ArrayList<>(np);
                // Added before it is filled so that a failure part-way releases what was sliced.
                topics.add(new FetchableTopicResponse(name, id, Collections.unmodifiableList(partitions)));
                for (int j = 0; j < np; j++) {
                    readPartition(in, partitions);
                }
                Primitives.skipTaggedFields(in);
            }
            List<NodeEndpoint> endpoints = NodeEndpoint.readTaggedFields(in, version >= 16);
            return new FetchResponse(throttle, errorCode, sessionId, Collections.unmodifiableList(topics), endpoints);
        } catch (RuntimeException e) {
            releaseAll(topics);
            throw e;
        }
    }

    /** Reads one partition and adds it to {@code into}; once the records are sliced, the partition is added. */
    private static void readPartition(ByteBuf in, List<PartitionData> into) {
        int index = Fields.readInt32(in, "Partitions.PartitionIndex");
        short errorCode = Fields.readInt16(in, "Partitions.ErrorCode");
        long hw = Fields.readInt64(in, "Partitions.HighWatermark");
        long lso = Fields.readInt64(in, "Partitions.LastStableOffset");
        long logStart = Fields.readInt64(in, "Partitions.LogStartOffset");
        int na = Primitives.readCompactArrayLength(in);
        List<AbortedTransaction> aborted = null;
        if (na >= 0) {
            aborted = new ArrayList<>(na);
            for (int k = 0; k < na; k++) {
                long producerId = Fields.readInt64(in, "AbortedTransactions.ProducerId");
                long firstOffset = Fields.readInt64(in, "AbortedTransactions.FirstOffset");
                Primitives.skipTaggedFields(in);
                aborted.add(new AbortedTransaction(producerId, firstOffset));
            }
            aborted = Collections.unmodifiableList(aborted);
        }
        int preferred = Fields.readInt32(in, "Partitions.PreferredReadReplica");
        ByteBuf records = Fields.readCompactRecordsRetained(in, "Partitions.Records");
        int slot = into.size();
        into.add(new PartitionData(index, errorCode, hw, lso, logStart, null, null, null, aborted, preferred, records));
        EpochEndOffset diverging = null;
        LeaderIdAndEpoch leader = null;
        SnapshotId snapshot = null;
        int n = Primitives.readUnsignedVarint(in);
        for (int i = 0, tag = -1; i < n; i++) {
            tag = Primitives.readTag(in, tag);
            int end = Primitives.readTagEnd(in, tag);
            switch (tag) {
                case 0 -> {
                    int epoch = Fields.readInt32(in, "DivergingEpoch.Epoch");
                    long endOffset = Fields.readInt64(in, "DivergingEpoch.EndOffset");
                    Primitives.skipTaggedFields(in);
                    diverging = new EpochEndOffset(epoch, endOffset);
                }
                case 1 -> leader = LeaderIdAndEpoch.read(in);
                case 2 -> {
                    long endOffset = Fields.readInt64(in, "SnapshotId.EndOffset");
                    int epoch = Fields.readInt32(in, "SnapshotId.Epoch");
                    Primitives.skipTaggedFields(in);
                    snapshot = new SnapshotId(endOffset, epoch);
                }
                default -> in.readerIndex(end);
            }
            Primitives.checkTagEnd(in, tag, end);
        }
        if (diverging != null || leader != null || snapshot != null) {
            into.set(slot, new PartitionData(index, errorCode, hw, lso, logStart, diverging, leader, snapshot, aborted,
                    preferred, records));
        }
    }

    /** Writes the body at {@code version} (tests that play the broker); records are copied, not consumed. */
    public void write(ByteBuf out, short version) {
        VersionRules.check(API, version);
        out.writeInt(throttleTimeMs);
        out.writeShort(errorCode);
        out.writeInt(sessionId);
        Primitives.writeCompactArrayLength(out, responses.size());
        for (FetchableTopicResponse t : responses) {
            if (version >= 13) {
                Primitives.writeUuid(out, t.topicId());
            } else {
                VersionRules.requireNonNullAt(t.topic(), "FetchResponse.Responses.Topic", version, "v13+");
                Primitives.writeCompactString(out, t.topic());
            }
            Primitives.writeCompactArrayLength(out, t.partitions().size());
            for (PartitionData p : t.partitions()) {
                writePartition(out, p);
            }
            Primitives.writeEmptyTaggedFields(out);
        }
        if (version < 16) {
            VersionRules.requireDefault(nodeEndpoints.isEmpty(), "FetchResponse.NodeEndpoints", version, "v16+");
        }
        NodeEndpoint.writeTaggedFields(out, nodeEndpoints);
    }

    private static void writePartition(ByteBuf out, PartitionData p) {
        out.writeInt(p.partitionIndex());
        out.writeShort(p.errorCode());
        out.writeLong(p.highWatermark());
        out.writeLong(p.lastStableOffset());
        out.writeLong(p.logStartOffset());
        List<AbortedTransaction> aborted = p.abortedTransactions();
        if (aborted == null) {
            Primitives.writeCompactArrayLength(out, -1);
        } else {
            Primitives.writeCompactArrayLength(out, aborted.size());
            for (AbortedTransaction a : aborted) {
                out.writeLong(a.producerId());
                out.writeLong(a.firstOffset());
                Primitives.writeEmptyTaggedFields(out);
            }
        }
        out.writeInt(p.preferredReadReplica());
        Fields.writeCompactRecords(out, p.records());
        boolean diverging = p.divergingEpoch() != null && !p.divergingEpoch().isDefault();
        boolean leader = p.currentLeader() != null && !p.currentLeader().isDefault();
        boolean snapshot = p.snapshotId() != null && !p.snapshotId().isDefault();
        Primitives.writeUnsignedVarint(out, (diverging ? 1 : 0) + (leader ? 1 : 0) + (snapshot ? 1 : 0));
        if (diverging) {
            Primitives.writeTagHeader(out, 0, 4 + 8 + 1);
            out.writeInt(p.divergingEpoch().epoch());
            out.writeLong(p.divergingEpoch().endOffset());
            Primitives.writeEmptyTaggedFields(out);
        }
        if (leader) {
            Primitives.writeTagHeader(out, 1, LeaderIdAndEpoch.SIZE);
            p.currentLeader().write(out);
        }
        if (snapshot) {
            Primitives.writeTagHeader(out, 2, 8 + 4 + 1);
            out.writeLong(p.snapshotId().endOffset());
            out.writeInt(p.snapshotId().epoch());
            Primitives.writeEmptyTaggedFields(out);
        }
    }
}
