package dev.kurier.client.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * OffsetFetch response (key 9), v6-9. v6-7 answer for one group with top-level {@code topics} and
 * {@code errorCode}; v8+ answer per group in {@code groups}. {@link #groupResults(String)} gives the per-group
 * view at any version.
 *
 * @param throttleTimeMs how long the broker throttled the request
 * @param topics         v6-7: the offsets per topic (default empty)
 * @param errorCode      v6-7: the top-level error (default 0)
 * @param groups         v8+: the results per group (default empty)
 */
public record OffsetFetchResponse(int throttleTimeMs, List<Topic> topics, short errorCode, List<Group> groups)
        implements Response {

    /** One topic's offsets. */
    public record Topic(String name, List<Partition> partitions) {
        /** Copies the partition list. */
        public Topic {
            partitions = Fields.copyOrEmpty(partitions);
        }
    }

    /**
     * One partition's committed offset.
     *
     * @param committedOffset      the offset, or -1 when none is committed
     * @param committedLeaderEpoch the leader epoch committed with it, or -1
     * @param metadata             the committed metadata, nullable
     * @param errorCode            the partition's error, or 0
     */
    public record Partition(int partitionIndex, long committedOffset, int committedLeaderEpoch, String metadata,
            short errorCode) {
    }

    /** One group's result (v8+). */
    public record Group(String groupId, List<Topic> topics, short errorCode) {
        /** Copies the topic list. */
        public Group {
            topics = Fields.copyOrEmpty(topics);
        }
    }

    /** Copies the lists. */
    public OffsetFetchResponse {
        topics = Fields.copyOrEmpty(topics);
        groups = Fields.copyOrEmpty(groups);
    }

    /**
     * The result per group whatever the version: {@code groups} when present (v8+), else the v6-7 top-level
     * fields as one group named {@code requestedGroupId}.
     */
    public List<Group> groupResults(String requestedGroupId) {
        if (!groups.isEmpty()) {
            return groups;
        }
        return List.of(new Group(requestedGroupId, topics, errorCode));
    }

    /** Reads the body at {@code version}. */
    public static OffsetFetchResponse read(ByteBuf in, short version) {
        VersionRules.check(ApiKey.OFFSET_FETCH, version);
        int throttle = Fields.readInt32(in, "OffsetFetchResponse.throttleTimeMs");
        List<Topic> topics = List.of();
        short errorCode = 0;
        List<Group> groups = List.of();
        if (version <= 7) {
            topics = Fields.readCompactArray(in, "OffsetFetchResponse.topics", OffsetFetchResponse::readTopic);
            errorCode = Fields.readInt16(in, "OffsetFetchResponse.errorCode");
        } else {
            groups = Fields.readCompactArray(in, "OffsetFetchResponse.groups", g -> {
                String groupId = Fields.readCompactString(g, "OffsetFetchResponse.groups.groupId");
                List<Topic> groupTopics = Fields.readCompactArray(g, "OffsetFetchResponse.groups.topics",
                        OffsetFetchResponse::readTopic);
                short groupError = Fields.readInt16(g, "OffsetFetchResponse.groups.errorCode");
                Primitives.skipTaggedFields(g);
                return new Group(groupId, groupTopics, groupError);
            });
        }
        Primitives.skipTaggedFields(in);
        return new OffsetFetchResponse(throttle, topics, errorCode, groups);
    }

    private static Topic readTopic(ByteBuf in) {
        String name = Fields.readCompactString(in, "OffsetFetchResponse.topics.name");
        List<Partition> partitions = Fields.readCompactArray(in, "OffsetFetchResponse.topics.partitions", p -> {
            int index = Fields.readInt32(p, "OffsetFetchResponse.partitions.partitionIndex");
            long offset = Fields.readInt64(p, "OffsetFetchResponse.partitions.committedOffset");
            int epoch = Fields.readInt32(p, "OffsetFetchResponse.partitions.committedLeaderEpoch");
            String metadata = Primitives.readCompactNullableString(p);
            short error = Fields.readInt16(p, "OffsetFetchResponse.partitions.errorCode");
            Primitives.skipTaggedFields(p);
            return new Partition(index, offset, epoch, metadata, error);
        });
        Primitives.skipTaggedFields(in);
        return new Topic(name, partitions);
    }

    /** Writes the body at {@code version} (used by tests that play the broker). */
    public void write(ByteBuf out, short version) {
        VersionRules.check(ApiKey.OFFSET_FETCH, version);
        out.writeInt(throttleTimeMs);
        if (version <= 7) {
            VersionRules.requireDefault(groups.isEmpty(), "OffsetFetchResponse.groups", version, "v8+");
            Fields.writeCompactArray(out, topics, OffsetFetchResponse::writeTopic);
            out.writeShort(errorCode);
        } else {
            VersionRules.requireDefault(topics.isEmpty(), "OffsetFetchResponse.topics", version, "v0-7");
            VersionRules.requireDefault(errorCode == 0, "OffsetFetchResponse.errorCode", version, "v2-7");
            Fields.writeCompactArray(out, groups, (o, g) -> {
                Fields.writeCompactString(o, g.groupId(), "OffsetFetchResponse.groups.groupId");
                Fields.writeCompactArray(o, g.topics(), OffsetFetchResponse::writeTopic);
                o.writeShort(g.errorCode());
                Primitives.writeEmptyTaggedFields(o);
            });
        }
        Primitives.writeEmptyTaggedFields(out);
    }

    private static void writeTopic(ByteBuf out, Topic topic) {
        Fields.writeCompactString(out, topic.name(), "OffsetFetchResponse.topics.name");
        Fields.writeCompactArray(out, topic.partitions(), (p, part) -> {
            p.writeInt(part.partitionIndex());
            p.writeLong(part.committedOffset());
            p.writeInt(part.committedLeaderEpoch());
            Primitives.writeCompactNullableString(p, part.metadata());
            p.writeShort(part.errorCode());
            Primitives.writeEmptyTaggedFields(p);
        });
        Primitives.writeEmptyTaggedFields(out);
    }
}
