package dev.kurier.client.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * OffsetCommit request (key 8), v8-9: commit consumed offsets for a group. v9 is the first version a KIP-848
 * (consumer protocol) member may use, passing its member epoch in {@code generationIdOrMemberEpoch}; the
 * layout is the same as v8.
 *
 * @param groupId                   the group
 * @param generationIdOrMemberEpoch the classic generation, or the KIP-848 member epoch (default -1)
 * @param memberId                  the member id ("" for a simple consumer)
 * @param groupInstanceId           the static membership id, nullable
 * @param topics                    the offsets to commit
 */
public record OffsetCommitRequest(String groupId, int generationIdOrMemberEpoch, String memberId,
        String groupInstanceId, List<Topic> topics) implements Request<OffsetCommitResponse> {

    /** One topic's offsets. */
    public record Topic(String name, List<Partition> partitions) {
        /** Copies the partition list. */
        public Topic {
            partitions = Fields.copyOrEmpty(partitions);
        }
    }

    /**
     * One partition's offset.
     *
     * @param committedLeaderEpoch the leader epoch of the record at {@code committedOffset - 1}, or -1
     * @param committedMetadata    free-form metadata, nullable
     */
    public record Partition(int partitionIndex, long committedOffset, int committedLeaderEpoch,
            String committedMetadata) {
    }

    /** Copies the topic list. */
    public OffsetCommitRequest {
        topics = Fields.copyOrEmpty(topics);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.OFFSET_COMMIT;
    }

    @Override
    public void write(ByteBuf out, short version) {
        VersionRules.check(ApiKey.OFFSET_COMMIT, version);
        Fields.writeCompactString(out, groupId, "OffsetCommitRequest.groupId");
        out.writeInt(generationIdOrMemberEpoch);
        Fields.writeCompactString(out, memberId, "OffsetCommitRequest.memberId");
        Primitives.writeCompactNullableString(out, groupInstanceId);
        Fields.writeCompactArray(out, topics, (o, t) -> {
            Fields.writeCompactString(o, t.name(), "OffsetCommitRequest.topics.name");
            Fields.writeCompactArray(o, t.partitions(), (p, part) -> {
                p.writeInt(part.partitionIndex());
                p.writeLong(part.committedOffset());
                p.writeInt(part.committedLeaderEpoch());
                Primitives.writeCompactNullableString(p, part.committedMetadata());
                Primitives.writeEmptyTaggedFields(p);
            });
            Primitives.writeEmptyTaggedFields(o);
        });
        Primitives.writeEmptyTaggedFields(out);
    }

    @Override
    public OffsetCommitResponse readResponse(ByteBuf in, short version) {
        return OffsetCommitResponse.read(in, version);
    }

    /** Reads a request body (used by tests that play the broker). */
    public static OffsetCommitRequest read(ByteBuf in, short version) {
        VersionRules.check(ApiKey.OFFSET_COMMIT, version);
        String groupId = Fields.readCompactString(in, "OffsetCommitRequest.groupId");
        int generation = Fields.readInt32(in, "OffsetCommitRequest.generationIdOrMemberEpoch");
        String memberId = Fields.readCompactString(in, "OffsetCommitRequest.memberId");
        String instanceId = Primitives.readCompactNullableString(in);
        List<Topic> topics = Fields.readCompactArray(in, "OffsetCommitRequest.topics", t -> {
            String name = Fields.readCompactString(t, "OffsetCommitRequest.topics.name");
            List<Partition> partitions = Fields.readCompactArray(t, "OffsetCommitRequest.topics.partitions", p -> {
                int index = Fields.readInt32(p, "OffsetCommitRequest.partitions.partitionIndex");
                long offset = Fields.readInt64(p, "OffsetCommitRequest.partitions.committedOffset");
                int epoch = Fields.readInt32(p, "OffsetCommitRequest.partitions.committedLeaderEpoch");
                String metadata = Primitives.readCompactNullableString(p);
                Primitives.skipTaggedFields(p);
                return new Partition(index, offset, epoch, metadata);
            });
            Primitives.skipTaggedFields(t);
            return new Topic(name, partitions);
        });
        Primitives.skipTaggedFields(in);
        return new OffsetCommitRequest(groupId, generation, memberId, instanceId, topics);
    }
}
