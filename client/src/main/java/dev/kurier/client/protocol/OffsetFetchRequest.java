package dev.kurier.client.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * OffsetFetch request (key 9), v6-9: read a group's committed offsets.
 *
 * <p>v6-7 ask for one group through {@code groupId} and {@code topics}; v8+ ask for several through
 * {@code groups}, and v9 adds the KIP-848 member id and epoch per group. {@link #forGroup} builds the right
 * shape for a version.
 *
 * @param groupId       v6-7: the group (default "")
 * @param topics        v6-7: the topics, or null for all of them (default empty)
 * @param groups        v8+: the groups (default empty)
 * @param requireStable v7+: wait for pending transactional commits instead of returning them (default false)
 */
public record OffsetFetchRequest(String groupId, List<Topic> topics, List<Group> groups, boolean requireStable)
        implements Request<OffsetFetchResponse> {

    /** A topic and the partitions to fetch offsets for. */
    public record Topic(String name, List<Integer> partitionIndexes) {
        /** Copies the partition list. */
        public Topic {
            partitionIndexes = Fields.copyOrEmpty(partitionIndexes);
        }
    }

    /**
     * One group to fetch offsets for (v8+).
     *
     * @param memberId    the KIP-848 member id, nullable (v9+; default null)
     * @param memberEpoch the KIP-848 member epoch (v9+; default -1)
     * @param topics      the topics, or null for all of them
     */
    public record Group(String groupId, String memberId, int memberEpoch, List<Topic> topics) {
        /** Copies the topic list. */
        public Group {
            topics = Fields.copyNullable(topics);
        }
    }

    /** Copies the lists. */
    public OffsetFetchRequest {
        topics = Fields.copyNullable(topics);
        groups = Fields.copyOrEmpty(groups);
    }

    /**
     * A request for one group in the shape {@code version} uses.
     *
     * @param memberId    null and {@code memberEpoch} -1 unless the member uses the KIP-848 protocol (v9+)
     * @param topics      null for all topics
     */
    public static OffsetFetchRequest forGroup(String groupId, String memberId, int memberEpoch, List<Topic> topics,
            boolean requireStable, short version) {
        if (version >= 8) {
            return new OffsetFetchRequest("", List.of(), List.of(new Group(groupId, memberId, memberEpoch, topics)),
                    requireStable);
        }
        VersionRules.requireDefault(memberId == null && memberEpoch == -1, "OffsetFetchRequest.groups.memberId/memberEpoch",
                version, "v9+");
        return new OffsetFetchRequest(groupId, topics, List.of(), requireStable);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.OFFSET_FETCH;
    }

    @Override
    public void write(ByteBuf out, short version) {
        VersionRules.check(ApiKey.OFFSET_FETCH, version);
        if (version < 7) {
            VersionRules.requireDefault(!requireStable, "OffsetFetchRequest.requireStable", version, "v7+");
        }
        if (version <= 7) {
            VersionRules.requireDefault(groups.isEmpty(), "OffsetFetchRequest.groups", version, "v8+");
            Fields.writeCompactString(out, groupId, "OffsetFetchRequest.groupId");
            Fields.writeCompactArray(out, topics, OffsetFetchRequest::writeTopic);
        } else {
            VersionRules.requireDefault(VersionRules.isEmpty(groupId), "OffsetFetchRequest.groupId", version, "v0-7");
            VersionRules.requireDefault(VersionRules.isEmpty(topics), "OffsetFetchRequest.topics", version, "v0-7");
            Fields.writeCompactArray(out, groups, (o, g) -> {
                Fields.writeCompactString(o, g.groupId(), "OffsetFetchRequest.groups.groupId");
                if (version >= 9) {
                    Primitives.writeCompactNullableString(o, g.memberId());
                    o.writeInt(g.memberEpoch());
                } else {
                    VersionRules.requireDefault(g.memberId() == null, "OffsetFetchRequest.groups.memberId", version,
                            "v9+");
                    VersionRules.requireDefault(g.memberEpoch() == -1, "OffsetFetchRequest.groups.memberEpoch", version,
                            "v9+");
                }
                Fields.writeCompactArray(o, g.topics(), OffsetFetchRequest::writeTopic);
                Primitives.writeEmptyTaggedFields(o);
            });
        }
        if (version >= 7) {
            out.writeBoolean(requireStable);
        }
        Primitives.writeEmptyTaggedFields(out);
    }

    private static void writeTopic(ByteBuf out, Topic topic) {
        Fields.writeCompactString(out, topic.name(), "OffsetFetchRequest.topics.name");
        Fields.writeCompactInt32Array(out, topic.partitionIndexes(), "OffsetFetchRequest.topics.partitionIndexes");
        Primitives.writeEmptyTaggedFields(out);
    }

    @Override
    public OffsetFetchResponse readResponse(ByteBuf in, short version) {
        return OffsetFetchResponse.read(in, version);
    }

    /** Reads a request body (used by tests that play the broker). */
    public static OffsetFetchRequest read(ByteBuf in, short version) {
        VersionRules.check(ApiKey.OFFSET_FETCH, version);
        String groupId = "";
        List<Topic> topics = List.of();
        List<Group> groups = List.of();
        if (version <= 7) {
            groupId = Fields.readCompactString(in, "OffsetFetchRequest.groupId");
            topics = Fields.readCompactNullableArray(in, OffsetFetchRequest::readTopic);
        } else {
            groups = Fields.readCompactArray(in, "OffsetFetchRequest.groups", g -> {
                String id = Fields.readCompactString(g, "OffsetFetchRequest.groups.groupId");
                String memberId = null;
                int memberEpoch = -1;
                if (version >= 9) {
                    memberId = Primitives.readCompactNullableString(g);
                    memberEpoch = Fields.readInt32(g, "OffsetFetchRequest.groups.memberEpoch");
                }
                List<Topic> groupTopics = Fields.readCompactNullableArray(g, OffsetFetchRequest::readTopic);
                Primitives.skipTaggedFields(g);
                return new Group(id, memberId, memberEpoch, groupTopics);
            });
        }
        boolean requireStable = version >= 7 && Fields.readBoolean(in, "OffsetFetchRequest.requireStable");
        Primitives.skipTaggedFields(in);
        return new OffsetFetchRequest(groupId, topics, groups, requireStable);
    }

    private static Topic readTopic(ByteBuf in) {
        String name = Fields.readCompactString(in, "OffsetFetchRequest.topics.name");
        List<Integer> partitions = Fields.readCompactInt32Array(in, "OffsetFetchRequest.topics.partitionIndexes");
        Primitives.skipTaggedFields(in);
        return new Topic(name, partitions);
    }
}
