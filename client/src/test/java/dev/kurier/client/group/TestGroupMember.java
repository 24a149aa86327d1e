package dev.kurier.client.group;

import dev.kurier.client.ClientConfig;
import dev.kurier.client.KurierClient;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.ConsumerConfig;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/** One Kurier group member for tests: a client, its {@link GroupCoordinator} and a listener that records events. */
final class TestGroupMember implements AutoCloseable {

    final String name;
    final KurierClient client;
    final GroupCoordinator group;
    final List<String> events = new CopyOnWriteArrayList<>();
    final Set<TopicPartition> revoked = new TreeSet<>();
    final Set<TopicPartition> assigned = new TreeSet<>();
    final Set<TopicPartition> lost = new TreeSet<>();

    /**
     * A member of {@code groupId} with a 6 s session, 500 ms heartbeats and {@code assignors}; {@code overrides}
     * are extra consumer keys.
     */
    TestGroupMember(String name, String bootstrap, String groupId, List<String> assignors, Map<String, Object> overrides) {
        this.name = name;
        this.client = KurierClient.create(ClientConfig.builder().bootstrapServers(bootstrap).clientId(name)
                .set("retry.backoff.ms", 50).setAll(overrides).build());
        ConsumerConfig.Builder b = ConsumerConfig.builder().groupId(groupId)
                .set("session.timeout.ms", 6000).set("heartbeat.interval.ms", 500)
                .set("partition.assignment.strategy", String.join(",", assignors))
                .set("enable.auto.commit", false)
                .set("offsets.retry.backoff.ms", 100);
        overrides.forEach(b::set);
        this.group = new GroupCoordinator(dev.kurier.client.consumer.internals.GroupConfigs.of(client.config(), b.build()), client.network(),
                client.metadata());
    }

    void subscribe(String... topics) {
        group.subscribe(List.of(topics), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                events.add("revoked " + new TreeSet<>(partitions));
                revoked.addAll(partitions);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                events.add("assigned " + new TreeSet<>(partitions));
                assigned.addAll(partitions);
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                events.add("lost " + new TreeSet<>(partitions));
                lost.addAll(partitions);
            }
        });
    }

    boolean poll() {
        return group.poll(Duration.ofMillis(50));
    }

    Set<TopicPartition> assignment() {
        return new TreeSet<>(group.assignment());
    }

    void clearEvents() {
        events.clear();
        revoked.clear();
        assigned.clear();
        lost.clear();
    }

    /** Polls every member in turn until {@code done} holds; fails after {@code max}. */
    static void pollUntil(Duration max, BooleanSupplier done, TestGroupMember... members) {
        long deadline = System.nanoTime() + max.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                StringBuilder sb = new StringBuilder("condition not met within " + max.toMillis() + " ms;");
                for (TestGroupMember m : members) {
                    sb.append(' ').append(m.name).append('=').append(m.assignment()).append(m.events);
                }
                throw new AssertionError(sb.toString());
            }
            for (TestGroupMember m : members) {
                m.poll();
            }
        }
    }

    /** Whether every member is stable and each partition of {@code expected} is owned by exactly one of them. */
    static boolean split(Collection<TopicPartition> expected, TestGroupMember... members) {
        Set<TopicPartition> all = new TreeSet<>();
        int total = 0;
        for (TestGroupMember m : members) {
            if (!m.group.isStable() || m.group.membershipRejoinPending()) {
                return false;
            }
            all.addAll(m.group.assignment());
            total += m.group.assignment().size();
        }
        return total == expected.size() && all.equals(new TreeSet<>(expected));
    }

    @Override
    public void close() {
        try {
            group.close(Duration.ofSeconds(10));
        } finally {
            client.close();
        }
    }
}
