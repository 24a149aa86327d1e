package dev.kurier.client.protocol;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * Metadata response (key 3), v9-v13.
 *
 * <p>Field presence by version: {@code Topic.topicId} from v10 (ignorable), {@code Topic.name} nullable from v12,
 * {@code clusterAuthorizedOperations} up to v10 only, top-level {@code errorCode} from v13 (ignorable). Fields a
 * version lacks read as their defaults.
 *
 * @param clusterId null if the broker does not report one
 * @param controllerId -1 when unknown
 * @param clusterAuthorizedOperations v9-v10; {@link #AUTHORIZED_OPERATIONS_OMITTED} when absent
 * @param errorCode v13+ top-level error (e.g. REBOOTSTRAP_REQUIRED); 0 below
 */
public record MetadataResponse(
        int throttleTimeMs,
        List<Broker> brokers,
        String clusterId,
        int controllerId,
        List<Topic> topics,
        int clusterAuthorizedOperations,
        short errorCode) implements Response {

    private static final ApiKey API = ApiKey.METADATA;

    /** The value of an authorized-operations bitfield the broker did not fill in. */
    public static final int AUTHORIZED_OPERATIONS_OMITTED = Integer.MIN_VALUE;

    /** A broker of the cluster; {@code rack} may be null. */
    public record Broker(int nodeId, String host, int port, String rack) {
    }

    /**
     * A topic's metadata.
     *
     * @param name null (v12+) for a topic asked for by an id the broker does not know
     * @param topicId the zero UUID when absent (v9, or a topic asked for by a name the broker does not know)
     * @param topicAuthorizedOperations {@link #AUTHORIZED_OPERATIONS_OMITTED} unless requested
     */
    public record Topic(short errorCode, String name, UUID topicId, boolean isInternal, List<Partition> partitions,
                        int topicAuthorizedOperations) {
        /** Normalises a null id to the zero UUID. */
        public Topic {
            topicId = topicId == null ? Primitives.ZERO_UUID : topicId;
        }
    }

    /** A partition's leader, epoch and replicas. */
    public record Partition(short errorCode, int partitionIndex, int leaderId, int leaderEpoch, List<Integer> replicaNodes,
                            List<Integer> isrNodes, List<Integer> offlineReplicas) {
    }

    /** Reads the body at {@code version}. */
    public static MetadataResponse read(ByteBuf in, short version) {
        VersionRules.check(API, version);
        int throttle = Fields.readInt32(in, "ThrottleTimeMs");
        int nb = Fields.readNonNullCompactArrayLength(in, "Brokers");
        List<Broker> brokers = new ArrayList<>(nb);
        for (int i = 0; i < nb; i++) {
            int nodeId = Fields.readInt32(in, "Brokers.NodeId");
            String host = Primitives.readCompactString(in);
            int port = Fields.readInt32(in, "Brokers.Port");
            String rack = Primitives.readCompactNullableString(in);
            Primitives.skipTaggedFields(in);
            brokers.add(new Broker(nodeId, host, port, rack));
        }
        String clusterId = Primitives.readCompactNullableString(in);
        int controllerId = Fields.readInt32(in, "ControllerId");
        int nt = Fields.readNonNullCompactArrayLength(in, "Topics");
        List<Topic> topics = new ArrayList<>(nt);
        for (int i = 0; i < nt; i++) {
            topics.add(readTopic(in, version));
        }
        int clusterOps = version <= 10 ? Fields.readInt32(in, "ClusterAuthorizedOperations") : AUTHORIZED_OPERATIONS_OMITTED;
        short errorCode = version >= 13 ? Fields.readInt16(in, "ErrorCode") : 0;
        Primitives.skipTaggedFields(in);
        return new MetadataResponse(throttle, Collections.unmodifiableList(brokers), clusterId, controllerId,
                Collections.unmodifiableList(topics), clusterOps, errorCode);
    }

    private static Topic readTopic(ByteBuf in, short version) {
        short errorCode = Fields.readInt16(in, "Topics.ErrorCode");
        String name = version >= 12 ? Primitives.readCompactNullableString(in) : Primitives.readCompactString(in);
        UUID topicId = version >= 10 ? Primitives.readUuid(in) : Primitives.ZERO_UUID;
        boolean internal = Fields.readBoolean(in, "Topics.IsInternal");
        int np = Fields.readNonNullCompactArrayLength(in, "Topics.Partitions");
        List<Partition> partitions = new ArrayList<>(np);
        for (int j = 0; j < np; j++) {
            short pErr = Fields.readInt16(in, "Partitions.ErrorCode");
            int index = Fields.readInt32(in, "Partitions.PartitionIndex");
            int leader = Fields.readInt32(in, "Partitions.LeaderId");
            int epoch = Fields.readInt32(in, "Partitions.LeaderEpoch");
            List<Integer> replicas = Fields.readCompactInt32Array(in, "Partitions.ReplicaNodes");
            List<Integer> isr = Fields.readCompactInt32Array(in, "Partitions.IsrNodes");
            List<Integer> offline = Fields.readCompactInt32Array(in, "Partitions.OfflineReplicas");
            Primitives.skipTaggedFields(in);
            partitions.add(new Partition(pErr, index, leader, epoch, replicas, isr, offline));
        }
        int topicOps = Fields.readInt32(in, "Topics.TopicAuthorizedOperations");
        Primitives.skipTaggedFields(in);
        return new Topic(errorCode, name, topicId, internal, Collections.unmodifiableList(partitions), topicOps);
    }

    /** Writes the body at {@code version} (tests that play the broker). */
    public void write(ByteBuf out, short version) {
        VersionRules.check(API, version);
        out.writeInt(throttleTimeMs);
        Primitives.writeCompactArrayLength(out, brokers.size());
        for (Broker b : brokers) {
            out.writeInt(b.nodeId());
            Primitives.writeCompactString(out, b.host());
            out.writeInt(b.port());
            Primitives.writeCompactNullableString(out, b.rack());
            Primitives.writeEmptyTaggedFields(out);
        }
        Primitives.writeCompactNullableString(out, clusterId);
        out.writeInt(controllerId);
        Primitives.writeCompactArrayLength(out, topics.size());
        for (Topic t : topics) {
            out.writeShort(t.errorCode());
            if (version < 12) {
                VersionRules.requireNonNullAt(t.name(), "MetadataResponse.Topics.Name", version, "v12+");
            }
            Primitives.writeCompactNullableString(out, t.name());
            if (version >= 10) {
                Primitives.writeUuid(out, t.topicId());
            }
            out.writeBoolean(t.isInternal());
            Primitives.writeCompactArrayLength(out, t.partitions().size());
            for (Partition p : t.partitions()) {
                out.writeShort(p.errorCode());
                out.writeInt(p.partitionIndex());
                out.writeInt(p.leaderId());
                out.writeInt(p.leaderEpoch());
                Fields.writeCompactInt32Array(out, p.replicaNodes(), "ReplicaNodes");
                Fields.writeCompactInt32Array(out, p.isrNodes(), "IsrNodes");
                Fields.writeCompactInt32Array(out, p.offlineReplicas(), "OfflineReplicas");
                Primitives.writeEmptyTaggedFields(out);
            }
            out.writeInt(t.topicAuthorizedOperations());
            Primitives.writeEmptyTaggedFields(out);
        }
        if (version <= 10) {
            out.writeInt(clusterAuthorizedOperations);
        } else {
            VersionRules.requireDefault(clusterAuthorizedOperations == AUTHORIZED_OPERATIONS_OMITTED,
                    "MetadataResponse.ClusterAuthorizedOperations", version, "v0-10");
        }
        if (version >= 13) {
            out.writeShort(errorCode);
        }
        Primitives.writeEmptyTaggedFields(out);
    }
}
