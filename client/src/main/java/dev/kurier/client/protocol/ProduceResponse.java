package dev.kurier.client.protocol;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * Produce response (key 0), v9-v13. Topics carry {@code name} up to v12 and {@code topicId} from v13; the other
 * reads as null / the zero UUID. The tagged fields {@code currentLeader} (per partition) and
 * {@code nodeEndpoints} exist from v10: null / empty when absent.
 */
public record ProduceResponse(List<TopicProduceResponse> responses, int throttleTimeMs, List<NodeEndpoint> nodeEndpoints)
        implements Response {

    private static final ApiKey API = ApiKey.PRODUCE;

    /** The results for one topic. */
    public record TopicProduceResponse(String name, UUID topicId, List<PartitionProduceResponse> partitionResponses) {
        /** Normalises a null id to the zero UUID. */
        public TopicProduceResponse {
            topicId = topicId == null ? Primitives.ZERO_UUID : topicId;
        }
    }

    /**
     * The result for one partition.
     *
     * @param logAppendTimeMs the broker's append time for LogAppendTime topics, else -1
     * @param logStartOffset -1 when unknown
     * @param recordErrors the records that made the batch fail (INVALID_RECORD)
     * @param errorMessage null when there is none
     * @param currentLeader the new leader (v10+) with NOT_LEADER_OR_FOLLOWER, else null
     */
    public record PartitionProduceResponse(int index, short errorCode, long baseOffset, long logAppendTimeMs,
                                           long logStartOffset, List<BatchIndexAndErrorMessage> recordErrors,
                                           String errorMessage, LeaderIdAndEpoch currentLeader) {
    }

    /** A record of the batch that caused it to be dropped; the message may be null. */
    public record BatchIndexAndErrorMessage(int batchIndex, String batchIndexErrorMessage) {
    }

    /** Normalises a null endpoint list to an empty one. */
    public ProduceResponse {
        nodeEndpoints = nodeEndpoints == null ? List.of() : nodeEndpoints;
    }

    /** Reads the body at {@code version}. */
    public static ProduceResponse read(ByteBuf in, short version) {
        VersionRules.check(API, version);
        int nt = Fields.readNonNullCompactArrayLength(in, "Responses");
        List<TopicProduceResponse> topics = new ArrayList<>(nt);
        for (int i = 0; i < nt; i++) {
            String name = version <= 12 ? Primitives.readCompactString(in) : null;
            UUID id = version >= 13 ? Primitives.readUuid(in) : Primitives.ZERO_UUID;
            int np = Fields.readNonNullCompactArrayLength(in, "PartitionResponses");
            List<PartitionProduceResponse> partitions = new ArrayList<>(np);
            for (int j = 0; j < np; j++) {
                partitions.add(readPartition(in, version));
            }
            Primitives.skipTaggedFields(in);
            topics.add(new TopicProduceResponse(name, id, Collections.unmodifiableList(partitions)));
        }
        int throttle = Fields.readInt32(in, "ThrottleTimeMs");
        List<NodeEndpoint> endpoints = NodeEndpoint.readTaggedFields(in, version >= 10);
        return new ProduceResponse(Collections.unmodifiableList(topics), throttle, endpoints);
    }

    private static PartitionProduceResponse readPartition(ByteBuf in, short version) {
        int index = Fields.readInt32(in, "PartitionResponses.Index");
        short errorCode = Fields.readInt16(in, "PartitionResponses.ErrorCode");
        long baseOffset = Fields.readInt64(in, "PartitionResponses.BaseOffset");
        long appendTime = Fields.readInt64(in, "PartitionResponses.LogAppendTimeMs");
        long logStart = Fields.readInt64(in, "PartitionResponses.LogStartOffset");
        int ne = Fields.readNonNullCompactArrayLength(in, "RecordErrors");
        List<BatchIndexAndErrorMessage> errors = new ArrayList<>(ne);
        for (int k = 0; k < ne; k++) {
            int batchIndex = Fields.readInt32(in, "RecordErrors.BatchIndex");
            String message = Primitives.readCompactNullableString(in);
            Primitives.skipTaggedFields(in);
            errors.add(new BatchIndexAndErrorMessage(batchIndex, message));
        }
        String errorMessage = Primitives.readCompactNullableString(in);
        // CurrentLeader is tag 0 from v10; v9 knows no tag.
        LeaderIdAndEpoch leader = Fields.readTaggedField(in, version >= 10 ? 0 : Fields.NO_TAG, LeaderIdAndEpoch::read,
                null);
        return new PartitionProduceResponse(index, errorCode, baseOffset, appendTime, logStart,
                Collections.unmodifiableList(errors), errorMessage, leader);
    }

    /** Writes the body at {@code version} (tests that play the broker). */
    public void write(ByteBuf out, short version) {
        VersionRules.check(API, version);
        Primitives.writeCompactArrayLength(out, responses.size());
        for (TopicProduceResponse t : responses) {
            if (version >= 13) {
                Primitives.writeUuid(out, t.topicId());
            } else {
                VersionRules.requireNonNullAt(t.name(), "ProduceResponse.Responses.Name", version, "v13+");
                Primitives.writeCompactString(out, t.name());
            }
            Primitives.writeCompactArrayLength(out, t.partitionResponses().size());
            for (PartitionProduceResponse p : t.partitionResponses()) {
                writePartition(out, p, version);
            }
            Primitives.writeEmptyTaggedFields(out);
        }
        out.writeInt(throttleTimeMs);
        if (version < 10) {
            VersionRules.requireDefault(nodeEndpoints.isEmpty(), "ProduceResponse.NodeEndpoints", version, "v10+");
        }
        NodeEndpoint.writeTaggedFields(out, nodeEndpoints);
    }

    private static void writePartition(ByteBuf out, PartitionProduceResponse p, short version) {
        out.writeInt(p.index());
        out.writeShort(p.errorCode());
        out.writeLong(p.baseOffset());
        out.writeLong(p.logAppendTimeMs());
        out.writeLong(p.logStartOffset());
        Primitives.writeCompactArrayLength(out, p.recordErrors().size());
        for (BatchIndexAndErrorMessage e : p.recordErrors()) {
            out.writeInt(e.batchIndex());
            Primitives.writeCompactNullableString(out, e.batchIndexErrorMessage());
            Primitives.writeEmptyTaggedFields(out);
        }
        Primitives.writeCompactNullableString(out, p.errorMessage());
        boolean leader = p.currentLeader() != null && !p.currentLeader().isDefault();
        if (version < 10) {
            VersionRules.requireDefault(!leader, "ProduceResponse.PartitionResponses.CurrentLeader", version, "v10+");
        }
        if (leader) {
            out.writeByte(1);
            Primitives.writeTagHeader(out, 0, LeaderIdAndEpoch.SIZE);
            p.currentLeader().write(out);
        } else {
            Primitives.writeEmptyTaggedFields(out);
        }
    }
}
