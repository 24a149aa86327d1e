package dev.kurier.client.protocol;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * ListOffsets request (key 2), v6-v10: the offset for a timestamp, or one of the special timestamps below.
 *
 * <p>{@code timeoutMs} exists from v10 (ignorable: dropped at older versions, as Kafka does). The special
 * timestamps need a minimum version the caller picks: {@link #MAX_TIMESTAMP} v7+, {@link #EARLIEST_LOCAL_TIMESTAMP}
 * v8+, {@link #LATEST_TIERED_TIMESTAMP} v9+.
 *
 * @param replicaId -1 for consumers
 * @param isolationLevel 0 read_uncommitted, 1 read_committed
 * @param timeoutMs v10+: how long the broker may wait for remote (tiered) storage
 */
public record ListOffsetsRequest(int replicaId, byte isolationLevel, List<ListOffsetsTopic> topics, int timeoutMs)
        implements Request<ListOffsetsResponse> {

    private static final ApiKey API = ApiKey.LIST_OFFSETS;

    /** The log end offset. */
    public static final long LATEST_TIMESTAMP = -1L;
    /** The log start offset. */
    public static final long EARLIEST_TIMESTAMP = -2L;
    /** The offset of the record with the largest timestamp (v7+). */
    public static final long MAX_TIMESTAMP = -3L;
    /** The first offset in local (non-tiered) storage (v8+). */
    public static final long EARLIEST_LOCAL_TIMESTAMP = -4L;
    /** The last offset in tiered storage (v9+). */
    public static final long LATEST_TIERED_TIMESTAMP = -5L;

    /** One topic's partitions to look up. */
    public record ListOffsetsTopic(String name, List<ListOffsetsPartition> partitions) {
    }

    /**
     * One partition to look up.
     *
     * @param currentLeaderEpoch -1 when unknown
     * @param timestamp a timestamp in ms, or one of the special values above
     */
    public record ListOffsetsPartition(int partitionIndex, int currentLeaderEpoch, long timestamp) {
    }

    @Override
    public ApiKey apiKey() {
        return API;
    }

    @Override
    public void write(ByteBuf out, short version) {
        VersionRules.check(API, version);
        out.writeInt(replicaId);
        out.writeByte(isolationLevel);
        Primitives.writeCompactArrayLength(out, topics.size());
        for (ListOffsetsTopic t : topics) {
            Primitives.writeCompactString(out, t.name());
            Primitives.writeCompactArrayLength(out, t.partitions().size());
            for (ListOffsetsPartition p : t.partitions()) {
                out.writeInt(p.partitionIndex());
                out.writeInt(p.currentLeaderEpoch());
                out.writeLong(p.timestamp());
                Primitives.writeEmptyTaggedFields(out);
            }
            Primitives.writeEmptyTaggedFields(out);
        }
        if (version >= 10) {
            out.writeInt(timeoutMs);
        }
        Primitives.writeEmptyTaggedFields(out);
    }

    @Override
    public ListOffsetsResponse readResponse(ByteBuf in, short version) {
        return ListOffsetsResponse.read(in, version);
    }

    /** Reads a request body at {@code version} (tests and tools that play the broker). */
    public static ListOffsetsRequest read(ByteBuf in, short version) {
        VersionRules.check(API, version);
        int replicaId = Fields.readInt32(in, "ReplicaId");
        byte isolation = Fields.readInt8(in, "IsolationLevel");
        int nt = Fields.readNonNullCompactArrayLength(in, "Topics");
        List<ListOffsetsTopic> topics = new ArrayList<>(nt);
        for (int i = 0; i < nt; i++) {
            String name = Primitives.readCompactString(in);
            int np = Fields.readNonNullCompactArrayLength(in, "Topics.Partitions");
            List<ListOffsetsPartition> partitions = new ArrayList<>(np);
            for (int j = 0; j < np; j++) {
                int index = Fields.readInt32(in, "Partitions.PartitionIndex");
                int epoch = Fields.readInt32(in, "Partitions.CurrentLeaderEpoch");
                long timestamp = Fields.readInt64(in, "Partitions.Timestamp");
                Primitives.skipTaggedFields(in);
                partitions.add(new ListOffsetsPartition(index, epoch, timestamp));
            }
            Primitives.skipTaggedFields(in);
            topics.add(new ListOffsetsTopic(name, Collections.unmodifiableList(partitions)));
        }
        int timeout = version >= 10 ? Fields.readInt32(in, "TimeoutMs") : 0;
        Primitives.skipTaggedFields(in);
        return new ListOffsetsRequest(replicaId, isolation, Collections.unmodifiableList(topics), timeout);
    }
}
