package dev.kurier.client.protocol;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * Metadata request (key 3), v9-v13.
 *
 * <p>Field presence by version: {@code Topic.topicId} from v10 (dropped silently below, as Kafka does for this
 * ignorable field), {@code Topic.name} nullable from v10, {@code includeClusterAuthorizedOperations} up to v10
 * only (true at v11+ is an {@link UnsupportedVersionException}).
 *
 * @param topics the topics to describe, or null for all topics (an empty list asks for none)
 * @param allowAutoTopicCreation whether the broker may auto-create requested topics (default true)
 * @param includeClusterAuthorizedOperations v9-v10 only
 * @param includeTopicAuthorizedOperations whether to return each topic's authorized operations
 */
public record MetadataRequest(
        List<Topic> topics,
        boolean allowAutoTopicCreation,
        boolean includeClusterAuthorizedOperations,
        boolean includeTopicAuthorizedOperations) implements Request<MetadataResponse> {

    private static final ApiKey API = ApiKey.METADATA;

    /**
     * One topic to describe, by name or (v10+) by id.
     *
     * @param topicId the topic id, or the zero UUID; null is normalised to the zero UUID
     * @param name the topic name; may be null from v10 when the topic is asked for by id
     */
    public record Topic(UUID topicId, String name) {
        /** Normalises a null id to the zero UUID. */
        public Topic {
            topicId = topicId == null ? Primitives.ZERO_UUID : topicId;
        }

        /** A topic asked for by name. */
        public static Topic named(String name) {
            return new Topic(Primitives.ZERO_UUID, name);
        }
    }

    /** A request for every topic in the cluster. */
    public static MetadataRequest allTopics() {
        return new MetadataRequest(null, false, false, false);
    }

    /** A request for these topics by name. */
    public static MetadataRequest forTopics(Collection<String> names, boolean allowAutoTopicCreation) {
        List<Topic> topics = new ArrayList<>(names.size());
        for (String name : names) {
            topics.add(Topic.named(name));
        }
        return new MetadataRequest(topics, allowAutoTopicCreation, false, false);
    }

    @Override
    public ApiKey apiKey() {
        return API;
    }

    @Override
    public void write(ByteBuf out, short version) {
        VersionRules.check(API, version);
        if (topics == null) {
            Primitives.writeCompactArrayLength(out, -1);
        } else {
            Primitives.writeCompactArrayLength(out, topics.size());
            for (Topic t : topics) {
                if (version >= 10) {
                    Primitives.writeUuid(out, t.topicId());
                } else {
                    VersionRules.requireNonNullAt(t.name(), "MetadataRequest.Topics.Name", version, "v10+");
                }
                Primitives.writeCompactNullableString(out, t.name());
                Primitives.writeEmptyTaggedFields(out);
            }
        }
        out.writeBoolean(allowAutoTopicCreation);
        if (version <= 10) {
            out.writeBoolean(includeClusterAuthorizedOperations);
        } else {
            VersionRules.requireDefault(!includeClusterAuthorizedOperations,
                    "MetadataRequest.IncludeClusterAuthorizedOperations", version, "v0-10");
        }
        out.writeBoolean(includeTopicAuthorizedOperations);
        Primitives.writeEmptyTaggedFields(out);
    }

    @Override
    public MetadataResponse readResponse(ByteBuf in, short version) {
        return MetadataResponse.read(in, version);
    }

    /** Reads a request body at {@code version} (tests and tools that play the broker). */
    public static MetadataRequest read(ByteBuf in, short version) {
        VersionRules.check(API, version);
        int n = Primitives.readCompactArrayLength(in);
        List<Topic> topics = null;
        if (n >= 0) {
            topics = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                UUID id = version >= 10 ? Primitives.readUuid(in) : Primitives.ZERO_UUID;
                String name = version >= 10 ? Primitives.readCompactNullableString(in) : Primitives.readCompactString(in);
                Primitives.skipTaggedFields(in);
                topics.add(new Topic(id, name));
            }
            topics = Collections.unmodifiableList(topics);
        }
        boolean allowAuto = Fields.readBoolean(in, "AllowAutoTopicCreation");
        boolean includeCluster = version <= 10 && Fields.readBoolean(in, "IncludeClusterAuthorizedOperations");
        boolean includeTopic = Fields.readBoolean(in, "IncludeTopicAuthorizedOperations");
        Primitives.skipTaggedFields(in);
        return new MetadataRequest(topics, allowAuto, includeCluster, includeTopic);
    }
}
