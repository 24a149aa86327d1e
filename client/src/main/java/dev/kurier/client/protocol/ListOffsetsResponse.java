package dev.kurier.client.protocol;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** ListOffsets response (key 2), v6-v10. */
public record ListOffsetsResponse(int throttleTimeMs, List<ListOffsetsTopicResponse> topics) implements Response {

    private static final ApiKey API = ApiKey.LIST_OFFSETS;

    /** One topic's results. */
    public record ListOffsetsTopicResponse(String name, List<ListOffsetsPartitionResponse> partitions) {
    }

    /**
     * One partition's result.
     *
     * @param timestamp the timestamp of the returned offset, -1 when none
     * @param offset the returned offset, -1 when none
     * @param leaderEpoch the leader epoch of the returned offset, -1 when unknown
     */
    public record ListOffsetsPartitionResponse(int partitionIndex, short errorCode, long timestamp, long offset,
                                               int leaderEpoch) {
    }

    /** Reads the body at {@code version}. */
    public static ListOffsetsResponse read(ByteBuf in, short version) {
        VersionRules.check(API, version);
        int throttle = Fields.readInt32(in, "ThrottleTimeMs");
        int nt = Fields.readNonNullCompactArrayLength(in, "Topics");
        List<ListOffsetsTopicResponse> topics = new ArrayList<>(nt);
        for (int i = 0; i < nt; i++) {
            String name = Primitives.readCompactString(in);
            int np = Fields.readNonNullCompactArrayLength(in, "Topics.Partitions");
            List<ListOffsetsPartitionResponse> partitions = new ArrayList<>(np);
            for (int j = 0; j < np; j++) {
                int index = Fields.readInt32(in, "Partitions.PartitionIndex");
                short errorCode = Fields.readInt16(in, "Partitions.ErrorCode");
                long timestamp = Fields.readInt64(in, "Partitions.Timestamp");
                long offset = Fields.readInt64(in, "Partitions.Offset");
                int epoch = Fields.readInt32(in, "Partitions.LeaderEpoch");
                Primitives.skipTaggedFields(in);
                partitions.add(new ListOffsetsPartitionResponse(index, errorCode, timestamp, offset, epoch));
            }
            Primitives.skipTaggedFields(in);
            topics.add(new ListOffsetsTopicResponse(name, Collections.unmodifiableList(partitions)));
        }
        Primitives.skipTaggedFields(in);
        return new ListOffsetsResponse(throttle, Collections.unmodifiableList(topics));
    }

    /** Writes the body at {@code version} (tests that play the broker). */
    public void write(ByteBuf out, short version) {
        VersionRules.check(API, version);
        out.writeInt(throttleTimeMs);
        Primitives.writeCompactArrayLength(out, topics.size());
        for (ListOffsetsTopicResponse t : topics) {
            Primitives.writeCompactString(out, t.name());
            Primitives.writeCompactArrayLength(out, t.partitions().size());
            for (ListOffsetsPartitionResponse p : t.partitions()) {
                out.writeInt(p.partitionIndex());
                out.writeShort(p.errorCode());
                out.writeLong(p.timestamp());
                out.writeLong(p.offset());
                out.writeInt(p.leaderEpoch());
                Primitives.writeEmptyTaggedFields(out);
            }
            Primitives.writeEmptyTaggedFields(out);
        }
        Primitives.writeEmptyTaggedFields(out);
    }
}
