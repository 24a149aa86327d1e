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
import dev.kurier.client.consumer.AcknowledgeType;
import dev.kurier.client.consumer.Consumer;
import dev.kurier.client.consumer.ConsumerConfig;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.client.consumer.ConsumerRecords;
import dev.kurier.client.consumer.ShareConsumer;
import dev.kurier.client.exactlyonce.ExactlyOnceProcessor;
import dev.kurier.client.group.OffsetAndMetadata;
import dev.kurier.client.producer.Producer;
import dev.kurier.client.producer.ProducerConfig;
import dev.kurier.client.producer.ProducerRecord;
import dev.kurier.client.producer.RecordMetadata;
import dev.kurier.client.producer.TransactionAbortableException;
import dev.kurier.client.serialization.Serdes;
import java.time.Duration;
import java.util.HashMap;
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

    static void transactions(KurierClient client, Consumer<String, String> consumer) {
        // readme:transactions
        try (Producer<String, String> producer = client.producer(ProducerConfig.builder()
                .transactionalId("order-enricher-1").build(), Serdes.stringSerializer(), Serdes.stringSerializer())) {
            producer.initTransactions();                      // fences an older producer with the same id
            while (true) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                if (records.isEmpty()) {
                    continue;
                }
                producer.beginTransaction();
                Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
                for (ConsumerRecord<String, String> r : records) {
                    producer.send(ProducerRecord.of("orders-enriched", r.key(), r.value().toUpperCase()));
                    next.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1, -1, ""));
                }
                producer.sendOffsetsToTransaction(next, consumer.groupMetadata());
                try {
                    producer.commitTransaction();             // records and offsets, all or nothing
                } catch (TransactionAbortableException e) {
                    producer.abortTransaction();              // then seek back and process the records again
                }
            }
        }
        // readme:end
    }

    static void exactlyOnce(KurierClient client) {
        // readme:exactly-once
        try (ExactlyOnceProcessor<String, String, String, String> enricher = ExactlyOnceProcessor
                .reading(client, List.of("orders"), Map.of("group.id", "order-enricher"),
                        Serdes.stringDeserializer(), Serdes.stringDeserializer())
                .writing(Map.of("transactional.id", "order-enricher-1"), Serdes.stringSerializer(),
                        Serdes.stringSerializer())
                .transform(r -> List.of(ProducerRecord.of("orders-enriched", r.key(), r.value().toUpperCase())))
                .build()) {
            enricher.start().completion().join();             // runs until closed, or fails with the reason
        }
        // readme:end
    }

    static void shareGroup(KurierClient client) {
        // readme:share-group
        try (ShareConsumer<String, String> worker = client.shareConsumer(ConsumerConfig.builder()
                .groupId("order-workers").set("share.acknowledgement.mode", "explicit").build(),
                Serdes.stringDeserializer(), Serdes.stringDeserializer())) {
            worker.subscribe(List.of("orders"));                // any number of workers on the same partitions
            for (ConsumerRecord<String, String> r : worker.poll(Duration.ofSeconds(1))) {
                boolean done = r.value() != null;               // process it
                worker.acknowledge(r, done ? AcknowledgeType.ACCEPT
                        : worker.deliveryCount(r) < 5 ? AcknowledgeType.RELEASE : AcknowledgeType.REJECT);
            }
            worker.commitSync();                                // or with the next poll
        }
        // readme:end
    }
}
