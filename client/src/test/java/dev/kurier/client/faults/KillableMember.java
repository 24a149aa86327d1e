package dev.kurier.client.faults;

import dev.kurier.client.ClientConfig;
import dev.kurier.client.KurierClient;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.Consumer;
import dev.kurier.client.consumer.ConsumerConfig;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.client.consumer.ConsumerRecords;
import dev.kurier.client.group.CommitFailedException;
import dev.kurier.client.group.ConsumerRebalanceListener;
import dev.kurier.client.serialization.Serdes;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;

/**
 * A group member run in its own JVM by {@link MemberKillTest}, to be killed with SIGKILL: it consumes, and after
 * every poll prints what it read, "processes" it (sleeps), and commits synchronously, printing what the commit
 * covered once it returned.
 * Lines on stdout (everything else it writes is logging):
 * <pre>
 *   KM ASSIGNED p,p,...    partitions assigned
 *   KM R p offset          a record read (printed and flushed before the commit that covers it)
 *   KM C p nextOffset      committed, after commitSync returned
 * </pre>
 * Arguments: bootstrap servers, topic, group id, session timeout ms, heartbeat ms, processing time per poll ms.
 */
public final class KillableMember {

    private KillableMember() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String topic = args[1];
        String group = args[2];
        // Logging goes to stderr; stdout carries only our lines.
        System.setOut(System.err);
        PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
                false);
        try (KurierClient client = KurierClient.create(ClientConfig.builder().bootstrapServers(bootstrap)
                .clientId("killable").build());
             Consumer<byte[], byte[]> c = client.consumer(ConsumerConfig.builder().groupId(group)
                     .autoOffsetReset("earliest").set("enable.auto.commit", "false")
                     .set("session.timeout.ms", args[3]).set("heartbeat.interval.ms", args[4])
                     .set("max.poll.records", "20").build(), Serdes.bytesDeserializer(), Serdes.bytesDeserializer())) {
            long pause = Long.parseLong(args[5]);
            c.subscribe(java.util.List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    StringBuilder b = new StringBuilder("KM ASSIGNED ");
                    for (TopicPartition tp : partitions) {
                        b.append(tp.partition()).append(',');
                    }
                    out.println(b);
                    out.flush();
                }
            });
            while (true) {
                ConsumerRecords<byte[], byte[]> records = c.poll(Duration.ofMillis(200));
                if (records.isEmpty()) {
                    continue;
                }
                Map<TopicPartition, Long> next = new java.util.HashMap<>();
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    out.println("KM R " + r.partition() + " " + r.offset());
                    next.put(r.topicPartition(), r.offset() + 1);
                }
                out.flush();
                Thread.sleep(pause); // processing: the window in which a kill leaves these records uncommitted
                try {
                    c.commitSync();
                } catch (CommitFailedException e) {
                    continue; // not committed: these records may be read again after the rebalance
                }
                for (Map.Entry<TopicPartition, Long> e : next.entrySet()) {
                    out.println("KM C " + e.getKey().partition() + " " + c.position(e.getKey()));
                }
                out.flush();
            }
        }
    }
}
