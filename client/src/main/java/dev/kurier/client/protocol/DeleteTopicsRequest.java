package dev.kurier.client.protocol;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * DeleteTopics request (key 20), v4-v6. v4-v5 delete by name (the TopicNames field); v6 sends name-or-id pairs (the
 * Topics field). A {@link DeleteTopicState} carries both; at v4-v5 each must have a name (its id, if any, is not
 * sent), else {@link UnsupportedVersionException}.
 */
public record DeleteTopicsRequest(List<DeleteTopicState> topics, int timeoutMs) implements Request<DeleteTopicsResponse> {

    private static final ApiKey API = ApiKey.DELETE_TOPICS;

    /**
     * A topic to delete, by name or (v6+) by id.
     *
     * @param name null (v6+) when deleting by id
     * @param topicId the zero UUID when deleting by name; null is normalised to it
     */
    public record DeleteTopicState(String name, UUID topicId) {
        /** Normalises a null id to the zero UUID. */
        public DeleteTopicState {
            topicId = topicId == null ? Primitives.ZERO_UUID : topicId;
        }
    }

    @Override
    public ApiKey apiKey() {
        return API;
    }

    @Override
    public void write(ByteBuf out, short version) {
        VersionRules.check(API, version);
        Primitives.writeCompactArrayLength(out, topics.size());
        for (DeleteTopicState t : topics) {
            if (version >= 6) {
                Primitives.writeCompactNullableString(out, t.name());
                Primitives.writeUuid(out, t.topicId());
                Primitives.writeEmptyTaggedFields(out);
            } else {
                if (t.name() == null) {
                    throw new UnsupportedVersionException("DeleteTopics v" + version
                            + " deletes topics by name only, but topic " + t.topicId() + " has no name");
                }
                Primitives.writeCompactString(out, t.name());
            }
        }
        out.writeInt(timeoutMs);
        Primitives.writeEmptyTaggedFields(out);
    }

    @Override
    public DeleteTopicsResponse readResponse(ByteBuf in, short version) {
        return DeleteTopicsResponse.read(in, version);
    }

    /** Reads a request body at {@code version} (tests and tools that play the broker). */
    public static DeleteTopicsRequest read(ByteBuf in, short version) {
        VersionRules.check(API, version);
        int n = Fields.readNonNullCompactArrayLength(in, version >= 6 ? "Topics" : "TopicNames");
        List<DeleteTopicState> topics = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (version >= 6) {
                String name = Primitives.readCompactNullableString(in);
                UUID id = Primitives.readUuid(in);
                Primitives.skipTaggedFields(in);
                topics.add(new DeleteTopicState(name, id));
            } else {
                topics.add(new DeleteTopicState(Primitives.readCompactString(in), Primitives.ZERO_UUID));
            }
        }
        int timeout = Fields.readInt32(in, "TimeoutMs");
        Primitives.skipTaggedFields(in);
        return new DeleteTopicsRequest(Collections.unmodifiableList(topics), timeout);
    }
}
