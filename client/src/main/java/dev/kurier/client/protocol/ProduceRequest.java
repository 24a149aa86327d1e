package dev.kurier.client.protocol;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * Produce request (key 0), v9-v13. Up to v12 topics are identified by {@code name}, from v13 by {@code topicId};
 * a {@link TopicProduceData} carries both and the version picks one (the one it needs must be set, else
 * {@link UnsupportedVersionException}).
 *
 * <p><b>Buffer ownership.</b> The {@code records} buffers belong to whoever built the request (the producer owns
 * its batches and may resend them): {@link #write} copies their readable bytes into the output without moving
 * their reader index and without releasing them. A request returned by {@link #read} holds retained slices of the
 * input instead; its holder calls {@link #release()} exactly once.
 *
 * @param transactionalId null unless the producer is transactional
 * @param acks 0 (no response), 1 (leader) or -1 (all in-sync replicas)
 */
public record ProduceRequest(String transactionalId, short acks, int timeoutMs, List<TopicProduceData> topicData)
        implements Request<ProduceResponse> {

    private static final ApiKey API = ApiKey.PRODUCE;

    /**
     * The data for one topic.
     *
     * @param name the topic name (needed up to v12)
     * @param topicId the topic id (needed from v13); null is normalised to the zero UUID
     */
    public record TopicProduceData(String name, UUID topicId, List<PartitionProduceData> partitionData) {
        /** Normalises a null id to the zero UUID. */
        public TopicProduceData {
            topicId = topicId == null ? Primitives.ZERO_UUID : topicId;
        }
    }

    /**
     * The record batch for one partition.
     *
     * @param records the encoded record batch(es), or null; not owned by this record (see {@link ProduceRequest})
     */
    public record PartitionProduceData(int index, ByteBuf records) {
    }

    @Override
    public ApiKey apiKey() {
        return API;
    }

    /** False for acks=0: the broker sends no response. */
    @Override
    public boolean expectsResponse() {
        return acks != 0;
    }

    @Override
    public void write(ByteBuf out, short version) {
        VersionRules.check(API, version);
        Primitives.writeCompactNullableString(out, transactionalId);
        out.writeShort(acks);
        out.writeInt(timeoutMs);
        Primitives.writeCompactArrayLength(out, topicData.size());
        for (TopicProduceData t : topicData) {
            Fields.writeTopicNameOrId(out, API, version, version >= 13, "TopicData", t.name(), t.topicId());
            Primitives.writeCompactArrayLength(out, t.partitionData().size());
            for (PartitionProduceData p : t.partitionData()) {
                out.writeInt(p.index());
                Fields.writeCompactRecords(out, p.records());
                Primitives.writeEmptyTaggedFields(out);
            }
            Primitives.writeEmptyTaggedFields(out);
        }
        Primitives.writeEmptyTaggedFields(out);
    }

    @Override
    public ProduceResponse readResponse(ByteBuf in, short version) {
        return ProduceResponse.read(in, version);
    }

    /**
     * Reads a request body at {@code version} (tests and tools that play the broker). Each partition's records is
     * a retained slice of {@code in}; the caller releases them with {@link #release()}. If reading fails, the
     * slices taken so far are released before the exception propagates.
     */
    public static ProduceRequest read(ByteBuf in, short version) {
        VersionRules.check(API, version);
        List<TopicProduceData> topics = new ArrayList<>();
        try {
            String txnId = Primitives.readCompactNullableString(in);
            short acks = Fields.readInt16(in, "Acks");
            int timeout = Fields.readInt32(in, "TimeoutMs");
            int nt = Fields.readNonNullCompactArrayLength(in, "TopicData");
            for (int i = 0; i < nt; i++) {
                String name = version <= 12 ? Primitives.readCompactString(in) : null;
                UUID id = version >= 13 ? Primitives.readUuid(in) : Primitives.ZERO_UUID;
                int np = Fields.readNonNullCompactArrayLength(in, "PartitionData");
                List<PartitionProduceData> partitions = new ArrayList<>(np);
                // Added before it is filled so that a failure part-way releases what was sliced.
                topics.add(new TopicProduceData(name, id, Collections.unmodifiableList(partitions)));
                for (int j = 0; j < np; j++) {
                    int index = Fields.readInt32(in, "PartitionData.Index");
                    ByteBuf records = Fields.readCompactRecordsRetained(in, "PartitionData.Records");
                    partitions.add(new PartitionProduceData(index, records));
                    Primitives.skipTaggedFields(in);
                }
                Primitives.skipTaggedFields(in);
            }
            Primitives.skipTaggedFields(in);
            return new ProduceRequest(txnId, acks, timeout, Collections.unmodifiableList(topics));
        } catch (RuntimeException e) {
            releaseAll(topics);
            throw e;
        }
    }

    /**
     * Releases every partition's {@code records} buffer once. Call it only on a request returned by {@link #read}
     * (or when the caller handed its own batches' ownership to this request).
     */
    public void release() {
        releaseAll(topicData);
    }

    private static void releaseAll(List<TopicProduceData> topics) {
        for (TopicProduceData t : topics) {
            for (PartitionProduceData p : t.partitionData()) {
                if (p.records() != null) {
                    p.records().release();
                }
            }
        }
    }
}
