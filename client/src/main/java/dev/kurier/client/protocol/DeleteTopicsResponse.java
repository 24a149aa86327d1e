package dev.kurier.client.protocol;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * DeleteTopics response (key 20), v4-v6. {@code topicId} exists from v6 and {@code errorMessage} from v5 (both
 * ignorable: dropped at older versions, read as the zero UUID / null); {@code name} is nullable from v6.
 */
public record DeleteTopicsResponse(int throttleTimeMs, List<DeletableTopicResult> responses) implements Response {

    private static final ApiKey API = ApiKey.DELETE_TOPICS;

    /**
     * The result for one topic.
     *
     * @param name null (v6+) for a topic deleted by an id the broker does not know
     * @param topicId v6+; the zero UUID when absent
     * @param errorMessage v5+; null when there is none
     */
    public record DeletableTopicResult(String name, UUID topicId, short errorCode, String errorMessage) {
        /** Normalises a null id to the zero UUID. */
        public DeletableTopicResult {
            topicId = topicId == null ? Primitives.ZERO_UUID : topicId;
        }
    }

    /** Reads the body at {@code version}. */
    public static DeleteTopicsResponse read(ByteBuf in, short version) {
        VersionRules.check(API, version);
        int throttle = Fields.readInt32(in, "ThrottleTimeMs");
        int n = Fields.readNonNullCompactArrayLength(in, "Responses");
        List<DeletableTopicResult> results = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String name = version >= 6 ? Primitives.readCompactNullableString(in) : Primitives.readCompactString(in);
            UUID id = version >= 6 ? Primitives.readUuid(in) : Primitives.ZERO_UUID;
            short errorCode = Fields.readInt16(in, "Responses.ErrorCode");
            String message = version >= 5 ? Primitives.readCompactNullableString(in) : null;
            Primitives.skipTaggedFields(in);
            results.add(new DeletableTopicResult(name, id, errorCode, message));
        }
        Primitives.skipTaggedFields(in);
        return new DeleteTopicsResponse(throttle, Collections.unmodifiableList(results));
    }

    /** Writes the body at {@code version} (tests that play the broker). */
    public void write(ByteBuf out, short version) {
        VersionRules.check(API, version);
        out.writeInt(throttleTimeMs);
        Primitives.writeCompactArrayLength(out, responses.size());
        for (DeletableTopicResult r : responses) {
            if (version < 6) {
                VersionRules.requireNonNullAt(r.name(), "DeleteTopicsResponse.Responses.Name", version, "v6+");
            }
            Primitives.writeCompactNullableString(out, r.name());
            if (version >= 6) {
                Primitives.writeUuid(out, r.topicId());
            }
            out.writeShort(r.errorCode());
            if (version >= 5) {
                Primitives.writeCompactNullableString(out, r.errorMessage());
            }
            Primitives.writeEmptyTaggedFields(out);
        }
        Primitives.writeEmptyTaggedFields(out);
    }
}
