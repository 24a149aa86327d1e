package dev.kurier.client.consumer.internals;

import dev.kurier.client.protocol.message.FetchRequest;
import java.util.List;

/** The Fetch requests a consumer sends: no cluster id, replica id -1, follower-only fields at their defaults. */
final class FetchRequests {

    private FetchRequests() {
    }

    /** A consumer's fetch; {@code rackId} is client.rack, "" for none. */
    static FetchRequest forConsumer(int maxWaitMs, int minBytes, int maxBytes, byte isolationLevel, int sessionId,
                                    int sessionEpoch, List<FetchRequest.FetchTopic> topics,
                                    List<FetchRequest.ForgottenTopic> forgotten, String rackId) {
        return FetchRequest.builder().replicaId(-1).maxWaitMs(maxWaitMs).minBytes(minBytes).maxBytes(maxBytes)
                .isolationLevel(isolationLevel).sessionId(sessionId).sessionEpoch(sessionEpoch).topics(topics)
                .forgottenTopicsData(forgotten).rackId(rackId == null ? "" : rackId).build();
    }

    /** One partition of a consumer's fetch. */
    static FetchRequest.FetchPartition partition(int partition, int currentLeaderEpoch, long fetchOffset,
                                                 int lastFetchedEpoch, int partitionMaxBytes) {
        return FetchRequest.FetchPartition.builder().partition(partition).currentLeaderEpoch(currentLeaderEpoch)
                .fetchOffset(fetchOffset).lastFetchedEpoch(lastFetchedEpoch).partitionMaxBytes(partitionMaxBytes)
                .build();
    }
}
