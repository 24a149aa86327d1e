package dev.kurier.client.protocol;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * CreateTopics response (key 19), v5-v7. {@code topicId} exists from v7 (ignorable: dropped below, reads as the
 * zero UUID); {@code topicConfigErrorCode} is a tagged field (0 when absent).
 */
public record CreateTopicsResponse(int throttleTimeMs, List<CreatableTopicResult> topics) implements Response {

    private static final ApiKey API = ApiKey.CREATE_TOPICS;

    /**
     * The result for one topic.
     *
     * @param topicId v7+; the zero UUID when absent
     * @param errorMessage null when there is none
     * @param topicConfigErrorCode tagged: why {@code configs} is missing, 0 when absent
     * @param numPartitions -1 when unknown
     * @param replicationFactor -1 when unknown
     * @param configs the created topic's configuration, or null (e.g. not authorized to describe it)
     */
    public record CreatableTopicResult(String name, UUID topicId, short errorCode, String errorMessage,
                                       short topicConfigErrorCode, int numPartitions, short replicationFactor,
                                       List<CreatableTopicConfigs> configs) {
        /** Normalises a null id to the zero UUID. */
        public CreatableTopicResult {
            topicId = topicId == null ? Primitives.ZERO_UUID : topicId;
        }
    }

    /**
     * One configuration entry of a created topic.
     *
     * @param value null for sensitive or unset values
     * @param configSource the DescribeConfigs source id, -1 when unknown
     */
    public record CreatableTopicConfigs(String name, String value, boolean readOnly, byte configSource,
                                        boolean isSensitive) {
    }

    /** Reads the body at {@code version}. */
    public static CreateTopicsResponse read(ByteBuf in, short version) {
        VersionRules.check(API, version);
        int throttle = Fields.readInt32(in, "ThrottleTimeMs");
        int nt = Fields.readNonNullCompactArrayLength(in, "Topics");
        List<CreatableTopicResult> topics = new ArrayList<>(nt);
        for (int i = 0; i < nt; i++) {
            topics.add(readTopic(in, version));
        }
        Primitives.skipTaggedFields(in);
        return new CreateTopicsResponse(throttle, Collections.unmodifiableList(topics));
    }

    private static CreatableTopicResult readTopic(ByteBuf in, short version) {
        String name = Primitives.readCompactString(in);
        UUID id = version >= 7 ? Primitives.readUuid(in) : Primitives.ZERO_UUID;
        short errorCode = Fields.readInt16(in, "Topics.ErrorCode");
        String errorMessage = Primitives.readCompactNullableString(in);
        int numPartitions = Fields.readInt32(in, "Topics.NumPartitions");
        short replication = Fields.readInt16(in, "Topics.ReplicationFactor");
        int nc = Primitives.readCompactArrayLength(in);
        List<CreatableTopicConfigs> configs = null;
        if (nc >= 0) {
            configs = new ArrayList<>(nc);
            for (int j = 0; j < nc; j++) {
                String configName = Primitives.readCompactString(in);
                String value = Primitives.readCompactNullableString(in);
                boolean readOnly = Fields.readBoolean(in, "Configs.ReadOnly");
                byte source = Fields.readInt8(in, "Configs.ConfigSource");
                boolean sensitive = Fields.readBoolean(in, "Configs.IsSensitive");
                Primitives.skipTaggedFields(in);
                configs.add(new CreatableTopicConfigs(configName, value, readOnly, source, sensitive));
            }
            configs = Collections.unmodifiableList(configs);
        }
        short configError = Fields.readTaggedField(in, 0, b -> Fields.readInt16(b, "Topics.TopicConfigErrorCode"),
                (short) 0);
        return new CreatableTopicResult(name, id, errorCode, errorMessage, configError, numPartitions, replication,
                configs);
    }

    /** Writes the body at {@code version} (tests that play the broker). */
    public void write(ByteBuf out, short version) {
        VersionRules.check(API, version);
        out.writeInt(throttleTimeMs);
        Primitives.writeCompactArrayLength(out, topics.size());
        for (CreatableTopicResult t : topics) {
            Primitives.writeCompactString(out, t.name());
            if (version >= 7) {
                Primitives.writeUuid(out, t.topicId());
            }
            out.writeShort(t.errorCode());
            Primitives.writeCompactNullableString(out, t.errorMessage());
            out.writeInt(t.numPartitions());
            out.writeShort(t.replicationFactor());
            if (t.configs() == null) {
                Primitives.writeCompactArrayLength(out, -1);
            } else {
                Primitives.writeCompactArrayLength(out, t.configs().size());
                for (CreatableTopicConfigs c : t.configs()) {
                    Primitives.writeCompactString(out, c.name());
                    Primitives.writeCompactNullableString(out, c.value());
                    out.writeBoolean(c.readOnly());
                    out.writeByte(c.configSource());
                    out.writeBoolean(c.isSensitive());
                    Primitives.writeEmptyTaggedFields(out);
                }
            }
            if (t.topicConfigErrorCode() != 0) {
                out.writeByte(1);
                Primitives.writeTagHeader(out, 0, 2);
                out.writeShort(t.topicConfigErrorCode());
            } else {
                Primitives.writeEmptyTaggedFields(out);
            }
        }
        Primitives.writeEmptyTaggedFields(out);
    }
}
