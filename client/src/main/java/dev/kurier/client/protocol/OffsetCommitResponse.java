package dev.kurier.client.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * OffsetCommit response (key 8), v8-9: an error code per partition.
 *
 * @param throttleTimeMs how long the broker throttled the request
 * @param topics         the results per topic
 */
public record OffsetCommitResponse(int throttleTimeMs, List<Topic> topics) implements Response {

    /** One topic's results. */
    public record Topic(String name, List<Partition> partitions) {
        /** Copies the partition list. */
        public Topic {
            partitions = Fields.copyOrEmpty(partitions);
        }
    }

    /** One partition's result. */
    public record Partition(int partitionIndex, short errorCode) {
    }

    /** Copies the topic list. */
    public OffsetCommitResponse {
        topics = Fields.copyOrEmpty(topics);
    }

    /** Reads the body at {@code version}. */
    public static OffsetCommitResponse read(ByteBuf in, short version) {
        VersionRules.check(ApiKey.OFFSET_COMMIT, version);
        int throttle = Fields.readInt32(in, "OffsetCommitResponse.throttleTimeMs");
        List<Topic> topics = Fields.readCompactArray(in, "OffsetCommitResponse.topics", t -> {
            String name = Fields.readCompactString(t, "OffsetCommitResponse.topics.name");
            List<Partition> partitions = Fields.readCompactArray(t, "OffsetCommitResponse.topics.partitions", p -> {
                int index = Fields.readInt32(p, "OffsetCommitResponse.partitions.partitionIndex");
                short errorCode = Fields.readInt16(p, "OffsetCommitResponse.partitions.errorCode");
                Primitives.skipTaggedFields(p);
                return new Partition(index, errorCode);
            });
            Primitives.skipTaggedFields(t);
            return new Topic(name, partitions);
        });
        Primitives.skipTaggedFields(in);
        return new OffsetCommitResponse(throttle, topics);
    }

    /** Writes the body at {@code version} (used by tests that play the broker). */
    public void write(ByteBuf out, short version) {
        VersionRules.check(ApiKey.OFFSET_COMMIT, version);
        out.writeInt(throttleTimeMs);
        Fields.writeCompactArray(out, topics, (o, t) -> {
            Fields.writeCompactString(o, t.name(), "OffsetCommitResponse.topics.name");
            Fields.writeCompactArray(o, t.partitions(), (p, part) -> {
                p.writeInt(part.partitionIndex());
                p.writeShort(part.errorCode());
                Primitives.writeEmptyTaggedFields(p);
            });
            Primitives.writeEmptyTaggedFields(o);
        });
        Primitives.writeEmptyTaggedFields(out);
    }
}
