package dev.kurier.client.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kurier.client.KurierClient;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.ConsumerConfig;
import dev.kurier.client.consumer.ShareConsumer;
import dev.kurier.client.admin.Admin;
import dev.kurier.client.admin.GroupDescription;
import dev.kurier.client.admin.GroupListing;
import dev.kurier.client.producer.Producer;
import dev.kurier.client.producer.ProducerConfig;
import dev.kurier.client.producer.ProducerRecord;
import dev.kurier.client.protocol.Errors;
import dev.kurier.client.protocol.KafkaErrorException;
import dev.kurier.client.serialization.Serdes;
import dev.kurier.client.testing.Eventually;
import dev.kurier.testkit.KafkaCluster;
import dev.kurier.testkit.junit.EmbeddedKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The Admin API over share groups (KIP-932) on a real broker: listed with their type, described with members and
 * assignments (by {@code describeShareGroups} and by {@code describeGroups}), their start offsets listed, moved while
 * empty (and refused while a member reads), deleted per topic, and the group deleted; kafka-clients' Admin agrees.
 */
@EmbeddedKafka
class ShareGroupAdminTest {

    private static void fill(KurierClient client, String topic, int n) {
        try (Producer<String, String> p = client.producer(ProducerConfig.defaults(), Serdes.stringSerializer(),
                Serdes.stringSerializer())) {
            for (int i = 0; i < n; i++) {
                p.send(new ProducerRecord<>(topic, i % 2, null, null, "r" + i, List.of()));
            }
            p.flush();
        }
    }

    private static ShareConsumer<String, String> member(KurierClient client, String group) {
        return client.shareConsumer(ConsumerConfig.builder().groupId(group).build(),
                Serdes.stringDeserializer(), Serdes.stringDeserializer());
    }

    @Test
    void aShareGroupIsListedDescribedMovedAndDeleted(KafkaCluster kafka) throws Exception {
        kafka.createTopic("share-admin", 2, 1);
        String group = "share-admin-group";
        try (KurierClient client = RoundTripTest.client(kafka); Admin admin = client.admin()) {
            fill(client, "share-admin", 40);
            TopicPartition p0 = new TopicPartition("share-admin", 0);
            TopicPartition p1 = new TopicPartition("share-admin", 1);
            try (ShareConsumer<String, String> c = member(client, group)) {
                c.subscribe(List.of("share-admin"));
                Eventually.waitFor(Duration.ofSeconds(60), "the member has both partitions", () -> {
                    c.poll(Duration.ofMillis(100));
                    GroupDescription d = admin.describeShareGroups(List.of(group)).value(group).get();
                    return d.members().size() == 1 && d.members().get(0).assignment().size() == 2;
                });
                GroupDescription d = admin.describeShareGroups(List.of(group)).value(group).get();
                assertThat(d.type()).isEqualTo("share");
                assertThat(d.state()).isEqualTo("Stable");
                assertThat(d.protocol()).isEqualTo("simple");
                assertThat(d.members().get(0).clientId()).isNotBlank();
                assertThat(d.members().get(0).assignment()).containsExactlyInAnyOrder(p0, p1);
                assertThat(admin.describeGroups(List.of(group)).value(group).get()).isEqualTo(d);
                assertThat(admin.listGroups(List.of(), List.of("share")).get())
                        .extracting(GroupListing::groupId).contains(group);

                // a group with a member refuses new start offsets
                assertThatThrownBy(() -> admin.alterShareGroupOffsets(group, Map.of(p0, 5L)).value(p0).get())
                        .isInstanceOf(ExecutionException.class).cause().isInstanceOf(KafkaErrorException.class)
                        .satisfies(e -> assertThat(((KafkaErrorException) e).error()).isEqualTo(Errors.NON_EMPTY_GROUP));
            }
            // empty now: the group starts partition 0 at 5 and partition 1 at 7 (state initialized by the first fetch)
            admin.alterShareGroupOffsets(group, Map.of(p0, 5L, p1, 7L)).all().get();
            assertThat(admin.listShareGroupOffsets(group).get()).containsEntry(p0, 5L).containsEntry(p1, 7L);

            // a member joining now reads partition 0 from offset 5 and partition 1 from 7
            AtomicInteger first0 = new AtomicInteger(-1);
            AtomicInteger first1 = new AtomicInteger(-1);
            try (ShareConsumer<String, String> c = member(client, group)) {
                c.subscribe(List.of("share-admin"));
                Eventually.waitFor(Duration.ofSeconds(60), "records of both partitions", () -> {
                    c.poll(Duration.ofMillis(200)).forEach(r -> {
                        AtomicInteger first = r.partition() == 0 ? first0 : first1;
                        if (first.get() < 0 || r.offset() < first.get()) {
                            first.set((int) r.offset());
                        }
                    });
                    return first0.get() >= 0 && first1.get() >= 0;
                });
            }
            assertThat(first0.get()).isEqualTo(5);
            assertThat(first1.get()).isEqualTo(7);

            admin.deleteShareGroupOffsets(group, Set.of("share-admin")).all().get();
            assertThat(admin.listShareGroupOffsets(group).get()).doesNotContainKeys(p0, p1);

            admin.deleteGroups(List.of(group)).all().get();
            assertThat(admin.listGroups(List.of(), List.of("share")).get())
                    .extracting(GroupListing::groupId).doesNotContain(group);
            assertThatThrownBy(() -> admin.describeShareGroups(List.of(group)).value(group).get())
                    .cause().isInstanceOf(KafkaErrorException.class);
        }
    }

    @Test
    void describingAClassicGroupAsAShareGroupNamesTheGroup(KafkaCluster kafka) throws Exception {
        try (KurierClient client = RoundTripTest.client(kafka); Admin admin = client.admin()) {
            assertThatThrownBy(() -> admin.describeShareGroups(List.of("no-such-share-group"))
                    .value("no-such-share-group").get())
                    .cause().isInstanceOf(KafkaErrorException.class).hasMessageContaining("no-such-share-group");
        }
    }
}
