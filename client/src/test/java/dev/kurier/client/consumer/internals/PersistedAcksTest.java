package dev.kurier.client.consumer.internals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.client.consumer.ConsumerRecords;
import dev.kurier.client.group.OffsetAndMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Acknowledgements beyond the committed offset, through the commit metadata and back. */
class PersistedAcksTest {

    private static final TopicPartition TP = new TopicPartition("t", 0);

    private static ConsumerRecords<String, String> records(long from, long to) {
        List<ConsumerRecord<String, String>> list = new ArrayList<>();
        for (long o = from; o <= to; o++) {
            list.add(new ConsumerRecord<>("t", 0, o, 0L, dev.kurier.client.consumer.TimestampType.CREATE_TIME, "k", "v" + o,
                    List.of(), 1, 2, -1));
        }
        return new ConsumerRecords<>(Map.of(TP, list));
    }

    @Test
    void rangesRoundTripRelativeToTheCommittedOffset() {
        long[] ranges = {105, 107, 110, 110, 200, 250};
        String metadata = PersistedAcks.encode(100, ranges);
        assertThat(metadata).isEqualTo("kurier-acks:1:5-7,10,100-150");
        assertThat(PersistedAcks.decode(100, metadata)).containsExactly(ranges);
    }

    @Test
    void metadataThatIsNotOursOrDoesNotParseIsIgnored() {
        assertThat(PersistedAcks.decode(100, "")).isEmpty();
        assertThat(PersistedAcks.decode(100, "my-app-state")).isEmpty();
        assertThat(PersistedAcks.decode(100, "kurier-acks:1:x")).isEmpty();
        assertThat(PersistedAcks.decode(100, "kurier-acks:1:0-3")).as("at the committed offset").isEmpty();
        assertThat(PersistedAcks.decode(100, "kurier-acks:1:5,3")).as("not ascending").isEmpty();
        assertThat(PersistedAcks.decode(100, "kurier-acks:1:9-7")).isEmpty();
    }

    @Test
    void whatDoesNotFitTheMetadataIsLeftOutAndDeliveredAgain() {
        long[] ranges = new long[4000];
        for (int i = 0; i < 2000; i++) {
            ranges[2 * i] = 1000 + 3L * i;
            ranges[2 * i + 1] = 1000 + 3L * i;
        }
        String metadata = PersistedAcks.encode(0, ranges);
        assertThat(metadata.length()).isLessThanOrEqualTo(PersistedAcks.MAX_METADATA);
        long[] back = PersistedAcks.decode(0, metadata);
        assertThat(back.length).isPositive().isLessThan(ranges.length);
        assertThat(back).startsWith(1000, 1000, 1003, 1003);
    }

    @Test
    void aResumedPartitionSkipsWhatWasAcknowledgedAndTheCommitMovesPastIt() {
        PersistedAcks acks = new PersistedAcks();
        acks.resumed(TP, OffsetAndMetadata.of(10, "kurier-acks:1:1-5,8"));
        ConsumerRecords<String, String> kept = acks.filter(records(10, 20));
        assertThat(kept.records(TP)).extracting(ConsumerRecord::offset).containsExactly(10L, 16L, 17L, 19L, 20L);
        // 10 processed: the commit passes the skipped 11-15 too, and still names 18
        OffsetAndMetadata c = acks.commit(TP, 11, null);
        assertThat(c.offset()).isEqualTo(16);
        assertThat(c.metadata()).isEqualTo("kurier-acks:1:2");
        assertThat(acks.commit(TP, 21, null)).isEqualTo(OffsetAndMetadata.of(21));
        assertThat(acks.active()).isFalse();
    }

    @Test
    void theTrackersAcknowledgementsAboveTheCommitGoIntoTheMetadata() {
        OffsetTracker tracker = new OffsetTracker();
        ConsumerRecords<String, String> polled = records(0, 9);
        OffsetTracker.Chunk chunk = tracker.chunk(TP, polled.records(TP));
        for (int i : new int[] {0, 1, 2, 4, 5, 7, 8, 9}) {
            chunk.acknowledged(i);
        }
        assertThat(tracker.committable()).containsEntry(TP, 3L);
        OffsetAndMetadata c = new PersistedAcks().commit(TP, 3, tracker);
        assertThat(c).isEqualTo(OffsetAndMetadata.of(3, "kurier-acks:1:1-2,4-6"));
        assertThat(PersistedAcks.decode(3, c.metadata())).containsExactly(4, 5, 7, 9);
    }

    @Test
    void aCommitThatPassedSkippedOffsetsNeverGoesBackBelowThem() {
        PersistedAcks acks = new PersistedAcks();
        acks.resumed(TP, OffsetAndMetadata.of(10, "kurier-acks:1:1-89"));
        assertThat(acks.commit(TP, 11, null).offset()).isEqualTo(100);
        // the tracker never saw the skipped records and still names 11: the commit stays where it got
        assertThat(acks.commit(TP, 11, null)).isEqualTo(OffsetAndMetadata.of(100));
        assertThat(acks.commit(TP, 105, null)).isEqualTo(OffsetAndMetadata.of(105));
        acks.forget(TP); // a seek: the application decides again
        assertThat(acks.commit(TP, 11, null)).isEqualTo(OffsetAndMetadata.of(11));
    }
}
