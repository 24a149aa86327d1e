package dev.kurier.benchmarks;

import dev.kurier.client.ClientConfig;
import dev.kurier.client.KurierClient;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.Consumer;
import dev.kurier.client.consumer.ConsumerConfig;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.client.consumer.ConsumerRecords;
import dev.kurier.client.group.OffsetAndMetadata;
import dev.kurier.client.producer.Producer;
import dev.kurier.client.producer.ProducerConfig;
import dev.kurier.client.producer.ProducerRecord;
import dev.kurier.client.serialization.Serdes;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Kurier's side of {@link TransactionsSideBySide}, run in a JVM of its own:
 * {@code produce BOOTSTRAP TOPIC RECORDS TXN_SIZE ID} sends 100-byte records in transactions of TXN_SIZE;
 * {@code copy BOOTSTRAP INPUT OUTPUT GROUP RECORDS ID} copies RECORDS records exactly once, one transaction per poll
 * with the offsets inside (read_committed). The loops are the same as {@link KafkaTransactions}'.
 */
public final class KurierTransactions {

    private KurierTransactions() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args[1];
        try (KurierClient client = KurierClient.create(ClientConfig.builder().bootstrapServers(bootstrap)
                .clientId("txn-bench").build())) {
            if (args[0].equals("produce")) {
                produce(client, args[2], Long.parseLong(args[3]), Integer.parseInt(args[4]), args[5]);
            } else {
                copy(client, args[2], args[3], args[4], Long.parseLong(args[5]), args[6]);
            }
        }
    }

    private static Producer<byte[], byte[]> producer(KurierClient client, String id) {
        return client.producer(ProducerConfig.builder().transactionalId(id).set("linger.ms", "5")
                .set("batch.size", "65536").build(), Serdes.bytesSerializer(), Serdes.bytesSerializer());
    }

    private static void produce(KurierClient client, String topic, long records, int txnSize, String id) {
        byte[] value = TransactionsSideBySide.value();
        try (Producer<byte[], byte[]> p = producer(client, id)) {
            p.initTransactions();
            long start = System.nanoTime();
            long sent = 0;
            long transactions = 0;
            while (sent < records) {
                p.beginTransaction();
                long end = Math.min(records, sent + txnSize);
                for (; sent < end; sent++) {
                    p.send(new ProducerRecord<>(topic, null, null, null, value, List.of()));
                }
                p.commitTransaction();
                transactions++;
            }
            TransactionsSideBySide.summary(records, transactions, System.nanoTime() - start);
        }
    }

    private static void copy(KurierClient client, String input, String output, String group, long records, String id) {
        try (Producer<byte[], byte[]> p = producer(client, id);
             Consumer<byte[], byte[]> c = client.consumer(ConsumerConfig.builder().groupId(group)
                     .autoOffsetReset("earliest").set("isolation.level", "read_committed")
                     .set("enable.auto.commit", "false").build(), Serdes.bytesDeserializer(),
                     Serdes.bytesDeserializer())) {
            p.initTransactions();
            c.subscribe(List.of(input));
            long start = System.nanoTime();
            long copied = 0;
            long transactions = 0;
            while (copied < records) {
                ConsumerRecords<byte[], byte[]> polled = c.poll(Duration.ofMillis(500));
                if (polled.isEmpty()) {
                    continue;
                }
                p.beginTransaction();
                Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
                for (ConsumerRecord<byte[], byte[]> r : polled) {
                    p.send(new ProducerRecord<>(output, r.partition(), null, r.key(), r.value(), List.of()));
                    next.put(r.topicPartition(), OffsetAndMetadata.of(r.offset() + 1));
                }
                p.sendOffsetsToTransaction(next, c.groupMetadata());
                p.commitTransaction();
                copied += polled.count();
                transactions++;
            }
            TransactionsSideBySide.summary(copied, transactions, System.nanoTime() - start);
        }
    }
}
