package dev.kurier.client.protocol;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * CreateTopics request (key 19), v5-v7. Every field exists at every version in this range.
 *
 * @param timeoutMs how long the controller may take (Kafka's default 60000)
 * @param validateOnly check the request without creating anything
 */
public record CreateTopicsRequest(List<CreatableTopic> topics, int timeoutMs, boolean validateOnly)
        implements Request<CreateTopicsResponse> {

    private static final ApiKey API = ApiKey.CREATE_TOPICS;

    /**
     * A topic to create.
     *
     * @param numPartitions -1 for the broker default or when {@code assignments} is given
     * @param replicationFactor -1 for the broker default or when {@code assignments} is given
     * @param assignments manual replica placement, or empty
     * @param configs topic configuration overrides
     */
    public record CreatableTopic(String name, int numPartitions, short replicationFactor,
                                 List<CreatableReplicaAssignment> assignments, List<CreatableTopicConfig> configs) {
    }

    /** The brokers to place one partition on. */
    public record CreatableReplicaAssignment(int partitionIndex, List<Integer> brokerIds) {
    }

    /** A topic configuration override; the value may be null. */
    public record CreatableTopicConfig(String name, String value) {
    }

    @Override
    public ApiKey apiKey() {
        return API;
    }

    @Override
    public void write(ByteBuf out, short version) {
        VersionRules.check(API, version);
        Primitives.writeCompactArrayLength(out, topics.size());
        for (CreatableTopic t : topics) {
            Primitives.writeCompactString(out, t.name());
            out.writeInt(t.numPartitions());
            out.writeShort(t.replicationFactor());
            Primitives.writeCompactArrayLength(out, t.assignments().size());
            for (CreatableReplicaAssignment a : t.assignments()) {
                out.writeInt(a.partitionIndex());
                Fields.writeCompactInt32Array(out, a.brokerIds(), "Assignments.BrokerIds");
                Primitives.writeEmptyTaggedFields(out);
            }
            Primitives.writeCompactArrayLength(out, t.configs().size());
            for (CreatableTopicConfig c : t.configs()) {
                Primitives.writeCompactString(out, c.name());
                Primitives.writeCompactNullableString(out, c.value());
                Primitives.writeEmptyTaggedFields(out);
            }
            Primitives.writeEmptyTaggedFields(out);
        }
        out.writeInt(timeoutMs);
        out.writeBoolean(validateOnly);
        Primitives.writeEmptyTaggedFields(out);
    }

    @Override
    public CreateTopicsResponse readResponse(ByteBuf in, short version) {
        return CreateTopicsResponse.read(in, version);
    }

    /** Reads a request body at {@code version} (tests and tools that play the broker). */
    public static CreateTopicsRequest read(ByteBuf in, short version) {
        VersionRules.check(API, version);
        int nt = Fields.readNonNullCompactArrayLength(in, "Topics");
        List<CreatableTopic> topics = new ArrayList<>(nt);
        for (int i = 0; i < nt; i++) {
            String name = Primitives.readCompactString(in);
            int numPartitions = Fields.readInt32(in, "Topics.NumPartitions");
            short replication = Fields.readInt16(in, "Topics.ReplicationFactor");
            int na = Fields.readNonNullCompactArrayLength(in, "Topics.Assignments");
            List<CreatableReplicaAssignment> assignments = new ArrayList<>(na);
            for (int j = 0; j < na; j++) {
                int index = Fields.readInt32(in, "Assignments.PartitionIndex");
                List<Integer> brokers = Fields.readCompactInt32Array(in, "Assignments.BrokerIds");
                Primitives.skipTaggedFields(in);
                assignments.add(new CreatableReplicaAssignment(index, brokers));
            }
            int nc = Fields.readNonNullCompactArrayLength(in, "Topics.Configs");
            List<CreatableTopicConfig> configs = new ArrayList<>(nc);
            for (int j = 0; j < nc; j++) {
                String configName = Primitives.readCompactString(in);
                String value = Primitives.readCompactNullableString(in);
                Primitives.skipTaggedFields(in);
                configs.add(new CreatableTopicConfig(configName, value));
            }
            Primitives.skipTaggedFields(in);
            topics.add(new CreatableTopic(name, numPartitions, replication, Collections.unmodifiableList(assignments),
                    Collections.unmodifiableList(configs)));
        }
        int timeout = Fields.readInt32(in, "timeoutMs");
        boolean validateOnly = Fields.readBoolean(in, "validateOnly");
        Primitives.skipTaggedFields(in);
        return new CreateTopicsRequest(Collections.unmodifiableList(topics), timeout, validateOnly);
    }
}
