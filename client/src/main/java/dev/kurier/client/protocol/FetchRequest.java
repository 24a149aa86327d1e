package dev.kurier.client.protocol;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * Fetch request (key 1), v12-v18.
 *
 * <p>Topics (and forgotten topics) are identified by {@code topic} name up to v12 and by {@code topicId} from v13;
 * both are carried and the version picks the one it needs (which must be set, else
 * {@link UnsupportedVersionException}). Other fields by version: {@code replicaId} up to v14 and the tagged
 * {@code replicaState} from v15 (a non-default value the version lacks is an {@link UnsupportedVersionException});
 * the per-partition tagged {@code replicaDirectoryId} (v17+) and {@code highWatermark} (v18+) are ignorable and
 * dropped at older versions, as Kafka does. The tagged {@code clusterId} exists at every version here.
 *
 * @param clusterId tagged; null unless known (KRaft controllers use it)
 * @param replicaId v12-v14: -1 for consumers
 * @param replicaState v15+, tagged: null (or the default) for consumers
 * @param maxBytes the response size limit (fetch.max.bytes)
 * @param isolationLevel 0 read_uncommitted, 1 read_committed
 * @param sessionId the fetch session id, 0 for none
 * @param sessionEpoch the fetch session epoch: 0 opens a session, -1 is a full fetch without one
 * @param forgottenTopicsData partitions an incremental fetch removes from the session
 * @param rackId the consumer's rack (client.rack), "" for none
 */
public record FetchRequest(
        String clusterId,
        int replicaId,
        ReplicaState replicaState,
        int maxWaitMs,
        int minBytes,
        int maxBytes,
        byte isolationLevel,
        int sessionId,
        int sessionEpoch,
        List<FetchTopic> topics,
        List<ForgottenTopic> forgottenTopicsData,
        String rackId) implements Request<FetchResponse> {

    private static final ApiKey API = ApiKey.FETCH;

    /** A follower's id and broker epoch (v15+); consumers leave it null. */
    public record ReplicaState(int replicaId, long replicaEpoch) {
        /** Whether this equals Kafka's default (-1, -1), which is not written. */
        public boolean isDefault() {
            return replicaId == -1 && replicaEpoch == -1L;
        }
    }

    /**
     * One topic to fetch.
     *
     * @param topic the topic name (needed up to v12)
     * @param topicId the topic id (needed from v13); null is normalised to the zero UUID
     */
    public record FetchTopic(String topic, UUID topicId, List<FetchPartition> partitions) {
        /** Normalises a null id to the zero UUID. */
        public FetchTopic {
            topicId = topicId == null ? Primitives.ZERO_UUID : topicId;
        }
    }

    /**
     * One partition to fetch.
     *
     * @param currentLeaderEpoch -1 when unknown
     * @param lastFetchedEpoch the epoch of the last fetched record, -1 if none
     * @param logStartOffset followers only; -1 for consumers
     * @param partitionMaxBytes max.partition.fetch.bytes
     * @param replicaDirectoryId v17+, tagged, ignorable: zero UUID for consumers
     * @param highWatermark v18+, tagged, ignorable: {@link Long#MAX_VALUE} for consumers
     */
    public record FetchPartition(int partition, int currentLeaderEpoch, long fetchOffset, int lastFetchedEpoch,
                                 long logStartOffset, int partitionMaxBytes, UUID replicaDirectoryId, long highWatermark) {
        /** Normalises a null directory id to the zero UUID. */
        public FetchPartition {
            replicaDirectoryId = replicaDirectoryId == null ? Primitives.ZERO_UUID : replicaDirectoryId;
        }

        /** A consumer's partition fetch: follower-only fields at their defaults. */
        public static FetchPartition forConsumer(int partition, int currentLeaderEpoch, long fetchOffset,
                                                 int lastFetchedEpoch, int partitionMaxBytes) {
            return new FetchPartition(partition, currentLeaderEpoch, fetchOffset, lastFetchedEpoch, -1L,
                    partitionMaxBytes, Primitives.ZERO_UUID, Long.MAX_VALUE);
        }
    }

    /** Partitions an incremental fetch drops from the session; name up to v12, id from v13. */
    public record ForgottenTopic(String topic, UUID topicId, List<Integer> partitions) {
        /** Normalises a null id to the zero UUID. */
        public ForgottenTopic {
            topicId = topicId == null ? Primitives.ZERO_UUID : topicId;
        }
    }

    /** Normalises null lists to empty ones and a null rack to "". */
    public FetchRequest {
        topics = topics == null ? List.of() : topics;
        forgottenTopicsData = forgottenTopicsData == null ? List.of() : forgottenTopicsData;
        rackId = rackId == null ? "" : rackId;
    }

    /** A consumer's fetch: no cluster id, replica id -1, no replica state. */
    public static FetchRequest forConsumer(int maxWaitMs, int minBytes, int maxBytes, byte isolationLevel, int sessionId,
                                           int sessionEpoch, List<FetchTopic> topics,
                                           List<ForgottenTopic> forgottenTopicsData, String rackId) {
        return new FetchRequest(null, -1, null, maxWaitMs, minBytes, maxBytes, isolationLevel, sessionId, sessionEpoch,
                topics, forgottenTopicsData, rackId);
    }

    @Override
    public ApiKey apiKey() {
        return API;
    }

    @Override
    public void write(ByteBuf out, short version) {
        VersionRules.check(API, version);
        if (version <= 14) {
            out.writeInt(replicaId);
        } else {
            VersionRules.requireDefault(replicaId == -1, "FetchRequest.ReplicaId", version, "v0-14");
        }
        boolean writeReplicaState = replicaState != null && !replicaState.isDefault();
        if (version < 15) {
            VersionRules.requireDefault(!writeReplicaState, "FetchRequest.ReplicaState", version, "v15+");
        }
        out.writeInt(maxWaitMs);
        out.writeInt(minBytes);
        out.writeInt(maxBytes);
        out.writeByte(isolationLevel);
        out.writeInt(sessionId);
        out.writeInt(sessionEpoch);
        Primitives.writeCompactArrayLength(out, topics.size());
        for (FetchTopic t : topics) {
            Fields.writeTopicNameOrId(out, API, version, version >= 13, "Topics", t.topic(), t.topicId());
            Primitives.writeCompactArrayLength(out, t.partitions().size());
            for (FetchPartition p : t.partitions()) {
                writePartition(out, p, version);
            }
            Primitives.writeEmptyTaggedFields(out);
        }
        Primitives.writeCompactArrayLength(out, forgottenTopicsData.size());
        for (ForgottenTopic f : forgottenTopicsData) {
            Fields.writeTopicNameOrId(out, API, version, version >= 13, "ForgottenTopicsData", f.topic(),
                    f.topicId());
            Fields.writeCompactInt32Array(out, f.partitions(), "ForgottenTopicsData.Partitions");
            Primitives.writeEmptyTaggedFields(out);
        }
        Primitives.writeCompactString(out, rackId);
        int tagged = (clusterId != null ? 1 : 0) + (writeReplicaState ? 1 : 0);
        Primitives.writeUnsignedVarint(out, tagged);
        if (clusterId != null) {
            Primitives.writeTagHeader(out, 0, Fields.sizeOfCompactString(clusterId));
            Primitives.writeCompactNullableString(out, clusterId);
        }
        if (writeReplicaState) {
            Primitives.writeTagHeader(out, 1, 4 + 8 + 1);
            out.writeInt(replicaState.replicaId());
            out.writeLong(replicaState.replicaEpoch());
            Primitives.writeEmptyTaggedFields(out);
        }
    }

    private static void writePartition(ByteBuf out, FetchPartition p, short version) {
        out.writeInt(p.partition());
        out.writeInt(p.currentLeaderEpoch());
        out.writeLong(p.fetchOffset());
        out.writeInt(p.lastFetchedEpoch());
        out.writeLong(p.logStartOffset());
        out.writeInt(p.partitionMaxBytes());
        boolean dirId = version >= 17 && !Primitives.ZERO_UUID.equals(p.replicaDirectoryId());
        boolean hw = version >= 18 && p.highWatermark() != Long.MAX_VALUE;
        Primitives.writeUnsignedVarint(out, (dirId ? 1 : 0) + (hw ? 1 : 0));
        if (dirId) {
            Primitives.writeTagHeader(out, 0, 16);
            Primitives.writeUuid(out, p.replicaDirectoryId());
        }
        if (hw) {
            Primitives.writeTagHeader(out, 1, 8);
            out.writeLong(p.highWatermark());
        }
    }

    @Override
    public FetchResponse readResponse(ByteBuf in, short version) {
        return FetchResponse.read(in, version);
    }

    /** Reads a request body at {@code version} (tests and tools that play the broker). */
    public static FetchRequest read(ByteBuf in, short version) {
        VersionRules.check(API, version);
        int replicaId = version <= 14 ? Fields.readInt32(in, "ReplicaId") : -1;
        int maxWait = Fields.readInt32(in, "MaxWaitMs");
        int minBytes = Fields.readInt32(in, "MinBytes");
        int maxBytes = Fields.readInt32(in, "MaxBytes");
        byte isolation = Fields.readInt8(in, "IsolationLevel");
        int sessionId = Fields.readInt32(in, "SessionId");
        int sessionEpoch = Fields.readInt32(in, "SessionEpoch");
        int nt = Fields.readNonNullCompactArrayLength(in, "Topics");
        List<FetchTopic> topics = new ArrayList<>(nt);
        for (int i = 0; i < nt; i++) {
            String name = version <= 12 ? Primitives.readCompactString(in) : null;
            UUID id = version >= 13 ? Primitives.readUuid(in) : Primitives.ZERO_UUID;
            int np = Fields.readNonNullCompactArrayLength(in, "Topics.Partitions");
            List<FetchPartition> partitions = new ArrayList<>(np);
            for (int j = 0; j < np; j++) {
                partitions.add(readPartition(in, version));
            }
            Primitives.skipTaggedFields(in);
            topics.add(new FetchTopic(name, id, Collections.unmodifiableList(partitions)));
        }
        int nf = Fields.readNonNullCompactArrayLength(in, "ForgottenTopicsData");
        List<ForgottenTopic> forgotten = new ArrayList<>(nf);
        for (int i = 0; i < nf; i++) {
            String name = version <= 12 ? Primitives.readCompactString(in) : null;
            UUID id = version >= 13 ? Primitives.readUuid(in) : Primitives.ZERO_UUID;
            List<Integer> partitions = Fields.readCompactInt32Array(in, "ForgottenTopicsData.Partitions");
            Primitives.skipTaggedFields(in);
            forgotten.add(new ForgottenTopic(name, id, partitions));
        }
        String rackId = Primitives.readCompactString(in);
        String clusterId = null;
        ReplicaState replicaState = null;
        int n = Primitives.readUnsignedVarint(in);
        for (int i = 0, tag = -1; i < n; i++) {
            tag = Primitives.readTag(in, tag);
            int end = Primitives.readTagEnd(in, tag);
            if (tag == 0) {
                clusterId = Primitives.readCompactNullableString(in);
            } else if (tag == 1 && version >= 15) {
                int id = Fields.readInt32(in, "ReplicaState.ReplicaId");
                long epoch = Fields.readInt64(in, "ReplicaState.ReplicaEpoch");
                Primitives.skipTaggedFields(in);
                replicaState = new ReplicaState(id, epoch);
            } else {
                in.readerIndex(end);
            }
            Primitives.checkTagEnd(in, tag, end);
        }
        return new FetchRequest(clusterId, replicaId, replicaState, maxWait, minBytes, maxBytes, isolation, sessionId,
                sessionEpoch, Collections.unmodifiableList(topics), Collections.unmodifiableList(forgotten), rackId);
    }

    private static FetchPartition readPartition(ByteBuf in, short version) {
        int partition = Fields.readInt32(in, "Partitions.Partition");
        int leaderEpoch = Fields.readInt32(in, "Partitions.CurrentLeaderEpoch");
        long fetchOffset = Fields.readInt64(in, "Partitions.FetchOffset");
        int lastFetchedEpoch = Fields.readInt32(in, "Partitions.LastFetchedEpoch");
        long logStart = Fields.readInt64(in, "Partitions.LogStartOffset");
        int maxBytes = Fields.readInt32(in, "Partitions.PartitionMaxBytes");
        UUID dirId = Primitives.ZERO_UUID;
        long hw = Long.MAX_VALUE;
        int n = Primitives.readUnsignedVarint(in);
        for (int i = 0, tag = -1; i < n; i++) {
            tag = Primitives.readTag(in, tag);
            int end = Primitives.readTagEnd(in, tag);
            if (tag == 0 && version >= 17) {
                dirId = Primitives.readUuid(in);
            } else if (tag == 1 && version >= 18) {
                hw = Fields.readInt64(in, "Partitions.HighWatermark");
            } else {
                in.readerIndex(end);
            }
            Primitives.checkTagEnd(in, tag, end);
        }
        return new FetchPartition(partition, leaderEpoch, fetchOffset, lastFetchedEpoch, logStart, maxBytes, dirId, hw);
    }
}
