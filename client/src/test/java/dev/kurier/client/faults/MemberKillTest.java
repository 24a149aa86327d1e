package dev.kurier.client.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.ClientConfig;
import dev.kurier.client.KurierClient;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.Consumer;
import dev.kurier.client.consumer.ConsumerConfig;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.client.consumer.ConsumerRecords;
import dev.kurier.client.group.CommitFailedException;
import dev.kurier.client.producer.Producer;
import dev.kurier.client.producer.ProducerConfig;
import dev.kurier.client.producer.ProducerRecord;
import dev.kurier.client.serialization.Serdes;
import dev.kurier.client.testing.Eventually;
import dev.kurier.testkit.KafkaCluster;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A group member that dies without leaving (SIGKILL of its JVM, {@link KillableMember}) while consuming and
 * committing synchronously after every poll: after {@code session.timeout.ms} the coordinator drops it and its
 * partitions move to the surviving member, which resumes at the dead member's committed offsets. Nothing is lost,
 * and the only records read twice are those the dead member read after its last commit.
 */
class MemberKillTest {

    private static final int PARTITIONS = 4;
    private static final int PER_PARTITION = 2_000;
    private static final int SESSION_MS = 6_000;
    private static final int HEARTBEAT_MS = 1_000;

    /** What the child printed: records read, and the last committed next-offset per partition. */
    private static final class ChildReport {
        final Set<Long> read = ConcurrentHashMap.newKeySet();
        final Map<Integer, Long> committed = new ConcurrentHashMap<>();
        final Set<Integer> assigned = ConcurrentHashMap.newKeySet();
        volatile int commits;
        /** Whether records were read after the last commit line. */
        volatile boolean uncommitted;

        void line(String line) {
            String[] f = line.split(" ");
            if (f.length < 3 || !f[0].equals("KM")) {
                return; // logging, or a line cut short by the kill
            }
            switch (f[1]) {
                case "ASSIGNED" -> {
                    assigned.clear();
                    for (String p : f[2].split(",")) {
                        if (!p.isEmpty()) {
                            assigned.add(Integer.parseInt(p));
                        }
                    }
                }
                case "R" -> {
                    if (f.length == 4) {
                        read.add(key(Integer.parseInt(f[2]), Long.parseLong(f[3])));
                        uncommitted = true;
                    }
                }
                case "C" -> {
                    if (f.length == 4) {
                        committed.merge(Integer.parseInt(f[2]), Long.parseLong(f[3]), Math::max);
                        commits++;
                        uncommitted = false;
                    }
                }
                default -> {
                }
            }
        }
    }

    private static boolean covered(Set<Long> childRead, Set<Long> survivorRead) {
        int n = childRead.size();
        for (long k : survivorRead) {
            if (!childRead.contains(k)) {
                n++;
            }
        }
        return n == PARTITIONS * PER_PARTITION;
    }

    private static long key(int partition, long offset) {
        return ((long) partition << 40) | offset;
    }

    @Test
    void aKilledMembersPartitionsMoveToTheSurvivorWithoutLossAndDuplicatesOnlyFromItsUncommittedWindow()
            throws Exception {
        String topic = "member-kill";
        String group = "member-kill-group";
        try (KafkaCluster kafka = KafkaCluster.builder().nodes(1).start();
             KurierClient client = KurierClient.create(ClientConfig.builder().bootstrapServers(kafka.bootstrapServers())
                     .clientId("survivor").build())) {
            kafka.createTopic(topic, PARTITIONS, 1);
            try (Producer<byte[], byte[]> p = client.producer(ProducerConfig.defaults(), Serdes.bytesSerializer(),
                    Serdes.bytesSerializer())) {
                for (int part = 0; part < PARTITIONS; part++) {
                    for (int i = 0; i < PER_PARTITION; i++) {
                        p.send(new ProducerRecord<>(topic, part, null, null, new byte[64], List.of()));
                    }
                }
                p.flush();
            }

            String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
            Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    KillableMember.class.getName(), kafka.bootstrapServers(), topic, group,
                    Integer.toString(SESSION_MS), Integer.toString(HEARTBEAT_MS), "60")
                    .redirectErrorStream(false).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            ChildReport report = new ChildReport();
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        report.line(line);
                    }
                } catch (Exception ignored) {
                    // the process died
                }
            }, "child-stdout");
            reader.setDaemon(true);
            reader.start();

            Map<Long, Integer> survivorReads = new HashMap<>();
            Map<Integer, Long> survivorCommitted = new HashMap<>();
            List<String> survivorRepeatsBelowCommit = new ArrayList<>();
            int failedCommits = 0;
            java.util.concurrent.atomic.AtomicLong killed = new java.util.concurrent.atomic.AtomicLong();
            java.util.concurrent.atomic.AtomicBoolean survivorOwnsSome = new java.util.concurrent.atomic.AtomicBoolean();
            java.util.concurrent.atomic.AtomicBoolean killedUncommitted = new java.util.concurrent.atomic.AtomicBoolean();
            // Kills the child while it processes records it has read and not committed yet, once both members own
            // partitions and it has committed a few times.
            Thread killer = new Thread(() -> {
                try {
                    while (child.isAlive()) {
                        if (survivorOwnsSome.get() && !report.assigned.isEmpty() && report.assigned.size() < PARTITIONS
                                && report.commits >= 20 && report.uncommitted) {
                            child.destroyForcibly(); // SIGKILL: no LeaveGroup, no final commit
                            child.waitFor();
                            killed.set(System.nanoTime());
                            return;
                        }
                        Thread.sleep(2);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "killer");
            killer.setDaemon(true);
            long killedAt = 0;
            long allMovedAt = 0;
            try (Consumer<byte[], byte[]> survivor = client.consumer(ConsumerConfig.builder().groupId(group)
                    .autoOffsetReset("earliest").set("enable.auto.commit", "false")
                    .set("session.timeout.ms", Integer.toString(SESSION_MS))
                    .set("heartbeat.interval.ms", Integer.toString(HEARTBEAT_MS)).set("max.poll.records", "20").build(),
                    Serdes.bytesDeserializer(), Serdes.bytesDeserializer())) {
                // The child joins first, so the survivor's join makes a two-member generation.
                Eventually.waitFor(Duration.ofSeconds(60), "the child joined (or died)",
                        () -> !report.assigned.isEmpty() || !child.isAlive());
                assertThat(child.isAlive()).as("child JVM running").isTrue();
                survivor.subscribe(List.of(topic));
                killer.start();
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
                while (!(killedAt != 0 && allMovedAt != 0 && covered(report.read, survivorReads.keySet()))
                        && System.nanoTime() < deadline) {
                    ConsumerRecords<byte[], byte[]> records = survivor.poll(Duration.ofMillis(200));
                    for (ConsumerRecord<byte[], byte[]> r : records) {
                        long k = key(r.partition(), r.offset());
                        if (survivorReads.merge(k, 1, Integer::sum) > 1
                                && r.offset() < survivorCommitted.getOrDefault(r.partition(), 0L)) {
                            survivorRepeatsBelowCommit.add(r.partition() + "@" + r.offset());
                        }
                    }
                    if (!records.isEmpty()) {
                        try {
                            survivor.commitSync();
                            for (TopicPartition tp : records.partitions()) {
                                survivorCommitted.put(tp.partition(), survivor.position(tp));
                            }
                        } catch (CommitFailedException e) {
                            failedCommits++; // the group is rebalancing: these records may be read again
                        }
                    }
                    Set<TopicPartition> assignment = survivor.assignment();
                    survivorOwnsSome.set(!assignment.isEmpty());
                    if (killedAt == 0 && killed.get() != 0) {
                        killedAt = killed.get();
                        reader.join(5_000);
                        killedUncommitted.set(report.uncommitted);
                    }
                    if (killedAt != 0 && allMovedAt == 0 && assignment.size() == PARTITIONS) {
                        allMovedAt = System.nanoTime();
                    }
                }
            } finally {
                child.destroyForcibly();
            }

            assertThat(killedAt).as("the child was killed mid-consumption").isNotZero();
            assertThat(allMovedAt).as("the dead member's partitions moved to the survivor").isNotZero();
            Duration moved = Duration.ofNanos(allMovedAt - killedAt);
            // The coordinator waits session.timeout.ms from the last heartbeat (at most heartbeat.interval.ms before
            // the kill), then the survivor rejoins at its next heartbeat.
            assertThat(moved).as("time until the partitions moved")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(SESSION_MS - HEARTBEAT_MS - 500))
                    .isLessThan(Duration.ofMillis(SESSION_MS + 10_000));

            // Nothing lost: every record was read by one member or the other.
            Set<Long> all = new HashSet<>(report.read);
            all.addAll(survivorReads.keySet());
            List<String> missing = new ArrayList<>();
            for (int part = 0; part < PARTITIONS; part++) {
                for (long o = 0; o < PER_PARTITION; o++) {
                    if (!all.contains(key(part, o))) {
                        missing.add(part + "@" + o);
                    }
                }
            }
            assertThat(missing).as("records nobody read").isEmpty();
            assertThat(all).hasSize(PARTITIONS * PER_PARTITION);

            // Duplicates between the members: only records the child read after its last commit.
            List<String> duplicatesWithinCommit = new ArrayList<>();
            int duplicates = 0;
            for (long k : report.read) {
                if (survivorReads.containsKey(k)) {
                    duplicates++;
                    int part = (int) (k >>> 40);
                    long offset = k & ((1L << 40) - 1);
                    long committed = report.committed.getOrDefault(part, 0L);
                    if (offset < committed) {
                        duplicatesWithinCommit.add(part + "@" + offset + " (child committed " + committed + ")");
                    }
                }
            }
            assertThat(duplicatesWithinCommit).as("records read again although the child had committed them").isEmpty();
            assertThat(report.committed).as("the child committed").isNotEmpty();
            if (killedUncommitted.get()) {
                // It died between printing what it read and committing: the survivor must have read those again.
                assertThat(duplicates).as("records of the child's uncommitted window read again").isPositive();
            }
            // The survivor itself re-reads only what it had not committed (commits refused during a rebalance).
            assertThat(survivorRepeatsBelowCommit).isEmpty();
            long survivorRepeats = survivorReads.values().stream().filter(n -> n > 1).count();
            if (failedCommits == 0) {
                assertThat(survivorRepeats).as("survivor re-reads with every commit accepted").isZero();
            }
            System.out.printf("member kill: partitions moved after %d ms; child read %d (committed %s), survivor read"
                    + " %d distinct; %d duplicates from the child's uncommitted window; survivor: %d failed commits,"
                    + " %d re-reads%n", moved.toMillis(), report.read.size(), report.committed, survivorReads.size(),
                    duplicates, failedCommits, survivorRepeats);
        }
    }
}
