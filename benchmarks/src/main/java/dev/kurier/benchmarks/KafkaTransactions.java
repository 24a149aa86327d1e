package dev.kurier.benchmarks;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * kafka-clients' side of {@link TransactionsSideBySide}: the same arguments and loops as {@link KurierTransactions}
 * (the copy is what Kafka's own {@code TransactionalMessageCopier} does: one transaction per poll, offsets inside).
 */
public final class KafkaTransactions {

    private KafkaTransactions() {
    }

    public static void main(String[] args) {
        if (args[0].equals("produce")) {
            produce(args[1], args[2], Long.parseLong(args[3]), Integer.parseInt(args[4]), args[5]);
        } else {
            copy(args[1], args[2], args[3], args[4], Long.parseLong(args[5]), args[6]);
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrap, String id) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("transactional.id", id);
        props.put("linger.ms", "5");
        props.put("batch.size", "65536");
        props.put("client.id", "txn-bench");
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static void produce(String bootstrap, String topic, long records, int txnSize, String id) {
        byte[] value = TransactionsSideBySide.value();
        try (KafkaProducer<byte[], byte[]> p = producer(bootstrap, id)) {
            p.initTransactions();
            long start = System.nanoTime();
            long sent = 0;
            long transactions = 0;
            while (sent < records) {
                p.beginTransaction();
                long end = Math.min(records, sent + txnSize);
                for (; sent < end; sent++) {
                    p.send(new ProducerRecord<>(topic, value));
                }
                p.commitTransaction();
                transactions++;
            }
            TransactionsSideBySide.summary(records, transactions, System.nanoTime() - start);
        }
    }

    private static void copy(String bootstrap, String input, String output, String group, long records, String id) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("group.id", group);
        props.put("auto.offset.reset", "earliest");
        props.put("isolation.level", "read_committed");
        props.put("enable.auto.commit", "false");
        try (KafkaProducer<byte[], byte[]> p = producer(bootstrap, id);
             KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                     new ByteArrayDeserializer())) {
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
                    p.send(new ProducerRecord<>(output, r.partition(), r.key(), r.value()));
                    next.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
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
