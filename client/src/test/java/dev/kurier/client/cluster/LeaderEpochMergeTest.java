package dev.kurier.client.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.common.Node;
import dev.kurier.client.common.TopicPartition;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Leaders only move forward: a leader learned from a response (KIP-951) is taken only with a newer epoch, and a
 * metadata response from a broker that has not caught up does not take a newer leader back (KIP-320).
 */
class LeaderEpochMergeTest {

    private static final UUID ID = UUID.randomUUID();
    private static final TopicPartition TP = new TopicPartition("orders", 0);
    private static final Map<Integer, Node> NODES = Map.of(1, new Node(1, "b1", 9092, null),
            2, new Node(2, "b2", 9092, null));

    private static ClusterSnapshot snapshot(int leader, int epoch) {
        PartitionInfo p = new PartitionInfo(TP, leader, epoch, List.of(1, 2), List.of(1, 2), List.of(), (short) 0);
        return new ClusterSnapshot("c", 1, NODES, Map.of("orders", new TopicInfo("orders", ID, false, List.of(p))), 0L);
    }

    @Test
    void aHintIsTakenOnlyWithANewerEpochAndAKnownOrGivenBroker() {
        ClusterSnapshot s = snapshot(1, 5);
        assertThat(s.withLeader(TP, 2, 5, List.of())).as("same epoch").isNull();
        assertThat(s.withLeader(TP, 2, 4, List.of())).as("older epoch").isNull();
        assertThat(s.withLeader(TP, 3, 6, List.of())).as("a broker nobody described").isNull();
        assertThat(s.withLeader(TP, 2, 6, List.of()).leader(TP).id()).isEqualTo(2);
        ClusterSnapshot withNew = s.withLeader(TP, 3, 6, List.of(new Node(3, "b3", 9092, null)));
        assertThat(withNew.leader(TP)).isEqualTo(new Node(3, "b3", 9092, null));
        assertThat(withNew.partition(TP).leaderEpoch()).isEqualTo(6);
    }

    @Test
    void aLaggingMetadataResponseDoesNotTakeANewerLeaderBack() {
        ClusterSnapshot known = snapshot(2, 7);
        ClusterSnapshot lagging = snapshot(1, 6);
        assertThat(lagging.keepingNewerLeaders(known).leader(TP).id()).isEqualTo(2);
        ClusterSnapshot newer = snapshot(1, 8);
        assertThat(newer.keepingNewerLeaders(known).leader(TP).id()).isEqualTo(1);
    }
}
