package dev.kurier.client.readme;

import dev.kurier.client.ClientConfig;
import dev.kurier.client.KurierClient;
import dev.kurier.client.admin.Admin;
import dev.kurier.client.admin.AdminResults;
import dev.kurier.client.admin.AlterConfigOp;
import dev.kurier.client.admin.ConfigResource;
import dev.kurier.client.admin.NewTopic;
import dev.kurier.client.admin.OffsetSpec;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.producer.Producer;
import dev.kurier.client.producer.ProducerConfig;
import dev.kurier.client.producer.ProducerRecord;
import dev.kurier.client.producer.RecordMetadata;
import dev.kurier.client.serialization.Serdes;
import java.util.List;
import java.util.Map;

/**
 * The README's Java examples, compiled: {@link ReadmeSnippetsTest} checks that the README holds each region between
 * {@code // readme:NAME} and {@code // readme:end} word for word, so an example that stops compiling fails the build.
 */
final class ReadmeSnippets {

    private ReadmeSnippets() {
    }

    static void fiveLines() {
        // readme:five-lines
        try (KurierClient client = KurierClient.create(ClientConfig.builder().bootstrapServers("localhost:9092").build());
             Producer<String, String> producer = client.producer(ProducerConfig.defaults(),
                     Serdes.stringSerializer(), Serdes.stringSerializer())) {
            RecordMetadata md = producer.send(ProducerRecord.of("orders", "order-1", "{\"total\": 42}")).join();
        }
        // readme:end
    }

    static void admin(KurierClient client) {
        // readme:admin
        try (Admin admin = client.admin()) {
            AdminResults<String, Void> created = admin.createTopics(List.of(
                    NewTopic.of("orders", 6, 3), NewTopic.of("audit", 1, 3)));
            created.value("orders").join();                   // one future per topic: "audit" may fail alone
            admin.createPartitions(Map.of("orders", 12)).all().join();
            ConfigResource orders = ConfigResource.topic("orders");
            admin.incrementalAlterConfigs(Map.of(orders, List.of(AlterConfigOp.set("retention.ms", "86400000"))))
                    .all().join();
            TopicPartition p0 = new TopicPartition("orders", 0);
            long end = admin.listOffsets(Map.of(p0, OffsetSpec.latest())).value(p0).join().offset();
            admin.deleteRecords(Map.of(p0, end)).value(p0).join(); // the partition's new first offset
        }
        // readme:end
    }
}
