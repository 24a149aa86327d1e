package dev.kurier.client.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.ClientConfig;
import dev.kurier.client.KurierClient;
import dev.kurier.client.admin.Admin;
import dev.kurier.client.cluster.TopicInfo;
import dev.kurier.client.admin.ClientQuotaEntity;
import dev.kurier.client.admin.ElectionType;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.Consumer;
import dev.kurier.client.consumer.ConsumerConfig;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.client.group.ConsumerRebalanceListener;
import dev.kurier.client.producer.Producer;
import dev.kurier.client.producer.ProducerConfig;
import dev.kurier.client.producer.ProducerRecord;
import dev.kurier.client.serialization.Serdes;
import dev.kurier.client.testing.Eventually;
import dev.kurier.testkit.BrokerListener;
import dev.kurier.testkit.ChaosProxy;
import dev.kurier.testkit.KafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jepsen-style scenarios on a three-node cluster (RF=3, min.insync.replicas=2) whose nodes clients and replicas reach
 * only through chaos proxies: an idempotent producer writes 100,000 records while a consumer group reads them, under one kind of
 * trouble each; then the one {@link History} check: nothing lost, nothing written twice, nothing reordered, no poll
 * that skips an offset and no reader going backwards (records read twice are allowed: at-least-once).
 */
class ChaosScenariosTest {

    private static final Logger log = LoggerFactory.getLogger(ChaosScenariosTest.class);
    private static final int PARTITIONS = 6;
    private static final int RECORDS = 100_000;
    /** 5,000 records a second. */
    private static final long PACE_NANOS = 200_000;
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static KafkaCluster kafka;

    @BeforeAll
    static void start() {
        // replication goes through the proxies too (followers fetch from the leader's CHAOS address), so a cut node
        // is cut from its followers as well as from the clients; a follower that stops fetching for 4 s leaves the ISR
        // one controller (node 1): nodes 2 and 3 reach it through proxies too, so a node can be cut off entirely
        kafka = KafkaCluster.builder().nodes(3).controllers(1).chaosProxy().brokerLogLevel("WARN")
                .brokerProperty("inter.broker.listener.name", BrokerListener.CHAOS)
                .brokerProperty("replica.lag.time.max.ms", "4000").start();
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    private static KurierClient client(String id) {
        return KurierClient.create(ClientConfig.builder().bootstrapServers(kafka.bootstrapServers(BrokerListener.CHAOS))
                .clientId(id).set("request.timeout.ms", "5000").set("reconnect.backoff.max.ms", "500").build());
    }

    private static String topic(String name) {
        String t = name + "-" + SEQ.incrementAndGet();
        kafka.createTopic(t, PARTITIONS, 3, Map.of("min.insync.replicas", "2"));
        return t;
    }

    /** Writes RECORDS values {@code p1:partition:seq}, partitions round robin, recording each acknowledgement. */
    private static Thread producer(KurierClient client, String topic, History history, AtomicLong failed) {
        Thread t = new Thread(() -> {
            try (Producer<String, String> p = client.producer(ProducerConfig.builder().set("enable.idempotence", "true")
                    .set("acks", "all").set("linger.ms", "5").set("delivery.timeout.ms", "120000")
                    .set("max.in.flight.requests.per.connection", "5").build(), Serdes.stringSerializer(),
                    Serdes.stringSerializer())) {
                long[] seq = new long[PARTITIONS];
                long start = System.nanoTime();
                for (int i = 0; i < RECORDS; i++) {
                    if (i % 500 == 0) { // paced over about 20 s, so that the trouble has time to act
                        java.util.concurrent.locks.LockSupport.parkNanos(start + i * PACE_NANOS - System.nanoTime());
                    }
                    int partition = i % PARTITIONS;
                    String value = "p1:" + partition + ":" + (seq[partition]++);
                    p.send(new ProducerRecord<>(topic, partition, null, null, value, List.of())).whenComplete((md, e) -> {
                        if (e == null) {
                            history.acknowledged(value, md.partition().partition(), md.offset());
                        } else {
                            failed.incrementAndGet();
                        }
                    });
                }
                p.flush();
            }
        }, "scenario-producer");
        t.start();
        return t;
    }

    /** A group member reading into {@code history} until {@code stop}; {@code faust}: acks each record it read. */
    private static final class Member implements Runnable {
        private final Consumer<String, String> consumer;
        private final History.Reader reader;
        private final AtomicBoolean stop = new AtomicBoolean();
        private final Thread thread;
        private final boolean faust;

        Member(KurierClient client, String topic, String group, History history, boolean faust, String name) {
            this.faust = faust;
            ConsumerConfig.Builder b = ConsumerConfig.builder().groupId(group).autoOffsetReset("earliest")
                    .set("max.poll.records", "200");
            if (faust) {
                b.set("acks.enabled", "true").set("revoke.drain.timeout.ms", "3000");
            }
            this.consumer = client.consumer(b.build(), Serdes.stringDeserializer(), Serdes.stringDeserializer());
            this.reader = history.reader(name);
            consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    reader.rebalanced(partitions.stream().map(TopicPartition::partition).toList());
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    reader.rebalanced(partitions.stream().map(TopicPartition::partition).toList());
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    reader.rebalanced(partitions.stream().map(TopicPartition::partition).toList());
                }
            });
            this.thread = new Thread(this, name);
            thread.start();
        }

        @Override
        public void run() {
            try {
                while (!stop.get()) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                        reader.read(r.partition(), r.offset(), r.value());
                        if (faust) {
                            consumer.ack(r);
                        }
                    }
                }
            } catch (RuntimeException e) {
                log.warn("{} stopped reading: {}", thread.getName(), e.toString());
            } finally {
                reader.endAll();
                consumer.close();
            }
        }

        void stopAndWait() throws InterruptedException {
            stop.set(true);
            consumer.wakeup();
            thread.join(60_000);
        }
    }

    /**
     * Runs one scenario: the producer and {@code members} group members start, {@code trouble} runs until the
     * producer is done, then the readers get up to 60 s to read everything acknowledged; returns the check.
     */
    private static History.Result run(String name, int members, boolean faust, Trouble trouble) throws Exception {
        String topic = topic(name);
        String group = name + "-group-" + SEQ.get();
        History history = new History();
        AtomicLong failed = new AtomicLong();
        try (KurierClient client = client(name)) {
            List<Member> group1 = new ArrayList<>();
            for (int i = 0; i < members; i++) {
                group1.add(new Member(client, topic, group, history, faust, name + "-member-" + i));
            }
            Thread producer = producer(client, topic, history, failed);
            Producing producing = new Producing();
            Thread chaos = new Thread(() -> {
                try {
                    trouble.run(producing, client, topic, group, history, group1, faust);
                } catch (Exception e) {
                    log.warn("scenario {}: the trouble thread failed: {}", name, e.toString(), e);
                }
            }, "scenario-trouble");
            chaos.start();
            producer.join(300_000);
            producing.done();
            chaos.join(60_000);
            kafka.chaosProxies().forEach(ChaosProxy::heal);
            try {
                Eventually.waitFor(Duration.ofSeconds(60), "every acknowledged record read",
                        () -> history.distinctRead() >= history.acknowledgedCount());
            } catch (AssertionError e) {
                log.warn("scenario {}: {}", name, e.getMessage()); // the check below names what is missing
            }
            for (Member m : group1) {
                m.stopAndWait();
            }
        }
        History.Result result = history.check();
        log.info("scenario {}: {} acknowledged, {} sends failed, {} reads; {}", name, result.acknowledged(),
                failed.get(), result.read(), result);
        assertThat(result.acknowledged()).as("acknowledged sends").isGreaterThan(RECORDS * 9L / 10);
        return result;
    }

    /** The trouble of a scenario, run on its own thread while {@code producing}. */
    @FunctionalInterface
    private interface Trouble {
        void run(Producing producing, KurierClient client, String topic, String group, History history,
                 List<Member> members, boolean faust) throws Exception;
    }

    /** Whether the producer is still writing; the trouble waits on it between its faults. */
    private static final class Producing {
        private final java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(1);

        boolean get() {
            return finished.getCount() > 0;
        }

        void done() {
            finished.countDown();
        }

        /**
         * Waits between {@code minMs} and {@code maxMs} (at random: the chaos schedule) for the producer to finish;
         * whether it has.
         */
        boolean awaitDone(long minMs, long maxMs) throws InterruptedException {
            return finished.await(ThreadLocalRandom.current().nextLong(minMs, maxMs + 1), TimeUnit.MILLISECONDS);
        }
    }

    @Test
    void leaderChaseMovesEveryLeaderEverySecond() throws Exception {
        AtomicLong evidence = new AtomicLong();
        History.Result r = run("leader-chase", 2, false, (producing, client, topic, group, history, members, faust) -> {
            try (Admin admin = client.admin()) {
                int round = 0;
                while (producing.get()) {
                    Map<TopicPartition, List<Integer>> rotated = new HashMap<>();
                    for (int p = 0; p < PARTITIONS; p++) {
                        List<Integer> replicas = new ArrayList<>(List.of(1, 2, 3));
                        java.util.Collections.rotate(replicas, round + p);
                        rotated.put(new TopicPartition(topic, p), replicas);
                    }
                    admin.alterPartitionReassignments(rotated).all().get();
                    try {
                        admin.electLeaders(ElectionType.PREFERRED, rotated.keySet()).all().get();
                    } catch (Exception e) {
                        log.debug("election round {}: {}", round, e.toString()); // some were preferred already
                    }
                    round++;
                    producing.awaitDone(1000, 1000);
                }
                log.info("leader chase: {} rounds of leader moves", round);
                evidence.set(round);
            }
        });
        assertThat(evidence.get()).as("rounds of leader moves").isGreaterThanOrEqualTo(10);
        assertThat(r.examples()).as("anomalies").isEmpty();
        assertThat(r.clean()).isTrue();
    }

    @Test
    void connectionChaosAndMemberChurnWithFaustAcks() throws Exception {
        AtomicLong evidence = new AtomicLong();
        History.Result r = run("churn", 3, true, (producing, client, topic, group, history, members, faust) -> {
            kafka.chaosProxies().forEach(p -> p.latency(Duration.ofMillis(1), Duration.ofMillis(4)));
            List<ChaosProxy> proxies = kafka.chaosProxies();
            long nextChurn = System.nanoTime() + 3_000_000_000L;
            int churned = 0;
            int kills = 0;
            while (producing.get()) {
                proxies.get(ThreadLocalRandom.current().nextInt(proxies.size())).killConnections();
                kills++;
                if (System.nanoTime() > nextChurn) {
                    Member leaving = members.remove(ThreadLocalRandom.current().nextInt(members.size()));
                    leaving.stopAndWait();
                    members.add(new Member(client, topic, group, history, faust, "churn-member-" + (10 + churned)));
                    churned++;
                    nextChurn = System.nanoTime() + ThreadLocalRandom.current().nextLong(2_000_000_000L, 4_000_000_000L);
                }
                producing.awaitDone(300, 1000);
            }
            log.info("churn: {} connection kills, {} members replaced", kills, churned);
            evidence.set(churned * 1000L + kills);
        });
        assertThat(evidence.get() / 1000).as("members replaced").isGreaterThanOrEqualTo(3);
        assertThat(evidence.get() % 1000).as("connection kills").isGreaterThanOrEqualTo(10);
        assertThat(r.examples()).as("anomalies").isEmpty();
        assertThat(r.clean()).isTrue();
    }

    @Test
    void aLeaderIsolatedFromClientsFollowersAndTheControllerForTenSeconds() throws Exception {
        AtomicLong evidence = new AtomicLong();
        History.Result r = run("isolated", 2, false, (producing, client, topic, group, history, members, faust) -> {
            assertThat(producing.awaitDone(3000, 3000)).as("still writing when the cut comes").isFalse();
            int node = 2 + ThreadLocalRandom.current().nextInt(2); // a broker-only node: node 1 is the controller
            ChaosProxy proxy = kafka.chaosProxy(node);
            ChaosProxy toController = kafka.controllerProxy(node);
            // a client on the isolated side: it reaches the node directly (PLAINTEXT), not through its proxy
            String probe = topic("isolated-probe");
            try (KurierClient direct = KurierClient.create(ClientConfig.builder()
                    .bootstrapServers(kafka.node(1).bootstrapServer()).clientId("isolated-direct")
                    .set("request.timeout.ms", "3000").build());
                 Admin admin = direct.admin()) {
                int probePartition = admin.describeTopics(List.of(probe)).get(10, TimeUnit.SECONDS).get(probe)
                        .partitions().stream().filter(p -> p.leader() == node).mapToInt(p -> p.partition().partition())
                        .findFirst().orElse(-1);
                int before = history.acknowledgedCount();
                proxy.blackhole(true); // packets vanish, no reset: only timeouts tell
                toController.blackhole(true);
                long healAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                java.util.concurrent.CompletableFuture<?> write = null;
                if (probePartition >= 0) {
                    try (KurierClient side = KurierClient.create(ClientConfig.builder()
                            .bootstrapServers(kafka.node(node).bootstrapServer()).clientId("isolated-side")
                            .set("request.timeout.ms", "3000").build());
                         Producer<String, String> p = side.producer(ProducerConfig.builder()
                            .set("acks", "all").set("retries", "0").set("delivery.timeout.ms", "8000")
                            .set("enable.idempotence", "false").set("linger.ms", "0").build(),
                            Serdes.stringSerializer(), Serdes.stringSerializer())) {
                        write = p.send(new ProducerRecord<>(probe, probePartition, null, null, "probe", List.of()));
                        p.flush();
                    } catch (RuntimeException e) {
                        log.debug("isolated: the probe write failed: {}", e.toString());
                    }
                }
                try {
                    // the controller fences the node it no longer hears (broker.session.timeout.ms=4000) and moves
                    // its leaderships to the followers in the ISR
                    Eventually.waitFor(Duration.ofSeconds(9), "no partition led by the isolated node", () ->
                            admin.describeTopics(List.of(topic)).get(5, TimeUnit.SECONDS).get(topic).partitions()
                                    .stream().noneMatch(p -> p.leader() == node));
                    evidence.addAndGet(10);
                } catch (AssertionError | RuntimeException e) {
                    log.warn("isolated: leadership did not move off node {}: {}", node, e.toString());
                }
                if (write != null && !(write.isDone() && !write.isCompletedExceptionally())) {
                    evidence.addAndGet(100); // the isolated old leader acknowledged nothing it could not replicate
                }
                producing.awaitDone(Math.max(0, TimeUnit.NANOSECONDS.toMillis(healAt - System.nanoTime())),
                        Math.max(0, TimeUnit.NANOSECONDS.toMillis(healAt - System.nanoTime())));
                toController.heal();
                proxy.heal();
                proxy.killConnections(); // the blackholed connections are dead to the clients anyway
                toController.killConnections();
                evidence.addAndGet(producing.get() && before < RECORDS ? 1 : 0);
            }
        });
        assertThat(evidence.get() % 10).as("the cut came while the producer was writing").isEqualTo(1);
        assertThat(evidence.get() / 10 % 10).as("leadership moved off the isolated node").isEqualTo(1);
        assertThat(evidence.get() / 100).as("a write on the isolated side was not acknowledged").isEqualTo(1);
        assertThat(r.examples()).as("anomalies").isEmpty();
        assertThat(r.clean()).isTrue();
    }

    @Test
    void aBrokerThatThrottlesTheClient() throws Exception {
        String clientId = "throttled";
        try (KurierClient admin = client("quota-admin"); Admin a = admin.admin()) {
            a.alterClientQuotas(Map.of(ClientQuotaEntity.clientId(clientId), Map.of("producer_byte_rate", 25_000.0,
                    "consumer_byte_rate", 25_000.0))).all().get(); // per broker: about half of what the producer writes
        }
        try {
            AtomicLong throttled = new AtomicLong();
            History.Result r = run(clientId, 2, false, (producing, client, topic, group, history, members, faust) -> {
                while (!producing.awaitDone(1000, 1000)) {
                    // the throttled producer is still writing
                }
                throttled.set(client.network().throttling().throttledResponses());
            });
            assertThat(throttled.get()).as("responses that asked the client to wait").isPositive();
            assertThat(r.examples()).as("anomalies").isEmpty();
            assertThat(r.clean()).isTrue();
        } finally {
            try (KurierClient admin = client("quota-admin"); Admin a = admin.admin()) {
                Map<String, Double> remove = new HashMap<>();
                remove.put("producer_byte_rate", null);
                remove.put("consumer_byte_rate", null);
                a.alterClientQuotas(Map.of(ClientQuotaEntity.clientId(clientId), remove)).all().get();
            }
        }
    }
}
