package dev.kurier.client.protocol.requests;

import dev.kurier.client.protocol.UnsupportedVersionException;
import dev.kurier.client.protocol.message.OffsetFetchRequest;
import dev.kurier.client.protocol.message.OffsetFetchResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** OffsetFetch: one group at the top level up to v7, a list of groups from v8; one view of the answer. */
public final class OffsetFetches {

    private OffsetFetches() {
    }

    /** One group's answer. */
    public record GroupResult(String groupId, short errorCode, List<PartitionResult> partitions) {
    }

    /** One partition's committed offset (-1 when none), its leader epoch and metadata, or its error. */
    public record PartitionResult(String topic, int partition, long committedOffset, int committedLeaderEpoch,
                                  String metadata, short errorCode) {
    }

    /**
     * The request for one group in the shape {@code version} uses.
     *
     * @param topics partitions by topic name, or null for every committed offset of the group
     * @param memberId the KIP-848 member id (v9+), or null
     * @param memberEpoch the KIP-848 member epoch (v9+), or -1
     */
    public static OffsetFetchRequest request(String groupId, String memberId, int memberEpoch,
                                             Map<String, List<Integer>> topics, boolean requireStable, int version) {
        if (version >= 8) {
            List<OffsetFetchRequest.Topics> groupTopics = null;
            if (topics != null) {
                groupTopics = new ArrayList<>();
                for (Map.Entry<String, List<Integer>> e : topics.entrySet()) {
                    groupTopics.add(OffsetFetchRequest.Topics.builder().name(e.getKey())
                            .partitionIndexes(List.copyOf(e.getValue())).build());
                }
            }
            OffsetFetchRequest.Group group = OffsetFetchRequest.Group.builder().groupId(groupId).memberId(memberId)
                    .memberEpoch(memberEpoch).topics(groupTopics).build();
            return OffsetFetchRequest.builder().groups(List.of(group)).requireStable(requireStable).build();
        }
        if (memberId != null || memberEpoch != -1) {
            throw new UnsupportedVersionException("OffsetFetchRequest.Groups.MemberId/MemberEpoch cannot be sent at v"
                    + version + ": only v9+ carries them");
        }
        List<OffsetFetchRequest.Topic> single = null;
        if (topics != null) {
            single = new ArrayList<>();
            for (Map.Entry<String, List<Integer>> e : topics.entrySet()) {
                single.add(new OffsetFetchRequest.Topic(e.getKey(), List.copyOf(e.getValue())));
            }
        }
        return OffsetFetchRequest.builder().groupId(groupId).topics(single).requireStable(requireStable).build();
    }

    /** Every group's answer, whichever version answered ({@code requestedGroupId} names the v6-7 single group). */
    public static List<GroupResult> results(OffsetFetchResponse response, String requestedGroupId) {
        List<GroupResult> out = new ArrayList<>();
        if (!response.groups().isEmpty()) {
            for (OffsetFetchResponse.Group g : response.groups()) {
                List<PartitionResult> partitions = new ArrayList<>();
                for (OffsetFetchResponse.Topics t : g.topics()) {
                    for (OffsetFetchResponse.Partitions p : t.partitions()) {
                        partitions.add(new PartitionResult(t.name(), p.partitionIndex(), p.committedOffset(),
                                p.committedLeaderEpoch(), p.metadata(), p.errorCode()));
                    }
                }
                out.add(new GroupResult(g.groupId(), g.errorCode(), partitions));
            }
            return out;
        }
        List<PartitionResult> partitions = new ArrayList<>();
        for (OffsetFetchResponse.Topic t : response.topics()) {
            for (OffsetFetchResponse.Partition p : t.partitions()) {
                partitions.add(new PartitionResult(t.name(), p.partitionIndex(), p.committedOffset(),
                        p.committedLeaderEpoch(), p.metadata(), p.errorCode()));
            }
        }
        out.add(new GroupResult(requestedGroupId, response.errorCode(), partitions));
        return out;
    }
}
