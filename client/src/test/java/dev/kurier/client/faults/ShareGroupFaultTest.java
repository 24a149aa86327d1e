package dev.kurier.client.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.ClientConfig;
import dev.kurier.client.KurierClient;
import dev.kurier.client.consumer.AcknowledgeType;
import dev.kurier.client.consumer.ConsumerConfig;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.client.consumer.ShareConsumer;
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
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One share group of three Kurier consumers and a kafka-clients {@code KafkaShareConsumer} on a one-partition topic,
 * after a fourth Kurier member took records and went silent (its connections blackholed by the chaos proxy, as a
 * crashed process or a cut network would): every record is accepted exactly once across the group; the silent
 * member's records come back to the others when their locks expire, with delivery count 2; a record every member
 * releases is delivered the broker's limit of 5 times and then never again.
 */
class ShareGroupFaultTest {

    private static final String TOPIC = "share-mixed";
    private static final String GROUP = "share-mixed-group";
    private static final int RECORDS = 2_000;
    private static final String POISON = "poison";
    private static KafkaCluster kafka;

    @BeforeAll
    static void start() throws Exception {
        kafka = KafkaCluster.builder().chaosProxy().brokerLogLevel("WARN").start();
        kafka.createTopic(TOPIC, 1, 1);
        Properties props = new Properties();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(props)) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.GROUP, GROUP), List.of(
                    new AlterConfigOp(new ConfigEntry("share.auto.offset.reset", "earliest"), AlterConfigOp.OpType.SET),
                    new AlterConfigOp(new ConfigEntry("share.record.lock.duration.ms", "15000"),
                            AlterConfigOp.OpType.SET)))).all().get();
        }
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    /** One delivery as a member saw it. */
    private record Delivery(String member, String value, int count) {
    }

    private static KurierClient client(String bootstrap, String id) {
        return KurierClient.create(ClientConfig.builder().bootstrapServers(bootstrap).clientId(id)
                .set("request.timeout.ms", "5000").build());
    }

    private static ShareConsumer<String, String> kurierMember(KurierClient client) {
        return client.shareConsumer(ConsumerConfig.builder().groupId(GROUP).set("max.poll.records", "20")
                .set("share.acknowledgement.mode", "explicit").build(), Serdes.stringDeserializer(),
                Serdes.stringDeserializer());
    }

    @Test
    void everyRecordIsAcceptedOnceAcrossKurierAndKafkaClientsMembersThroughACrashAndAPoisonRecord() throws Exception {
        try (KurierClient producerClient = client(kafka.bootstrapServers(), "share-mixed-producer");
             Producer<String, String> producer = producerClient.producer(ProducerConfig.builder()
                     .set("batch.size", "256").build(), // small batches: the broker hands out whole batches
                     Serdes.stringSerializer(), Serdes.stringSerializer())) {
            producer.send(new ProducerRecord<>(TOPIC, 0, null, null, POISON, List.of()));
            for (int i = 0; i < RECORDS; i++) {
                producer.send(new ProducerRecord<>(TOPIC, 0, null, null, "r" + i, List.of()));
            }
            producer.flush();
        }
        // The member that goes silent: connected through the chaos proxy, takes records, never acknowledges them.
        List<ConsumerRecord<String, String>> stranded = new ArrayList<>();
        KurierClient silentClient = client(kafka.bootstrapServers(BrokerListener.CHAOS), "share-mixed-silent");
        ShareConsumer<String, String> silent = kurierMember(silentClient);
        silent.subscribe(List.of(TOPIC));
        Eventually.repeat(Duration.ofSeconds(60), "the silent member took records", () -> {
            silent.poll(Duration.ofMillis(200)).forEach(stranded::add);
            return !stranded.isEmpty();
        });
        ChaosProxy proxy = kafka.chaosProxies().get(0);
        proxy.blackhole(true);
        Set<String> strandedValues = stranded.stream().map(ConsumerRecord::value).filter(v -> !v.equals(POISON))
                .collect(Collectors.toSet());
        int silentPoison = stranded.stream().anyMatch(r -> r.value().equals(POISON)) ? 1 : 0;

        List<Delivery> deliveries = new CopyOnWriteArrayList<>();
        Map<String, String> acceptedBy = new ConcurrentHashMap<>();
        List<String> acceptedTwice = new CopyOnWriteArrayList<>();
        AtomicBoolean done = new AtomicBoolean();
        List<Thread> members = new ArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        for (int m = 0; m < 3; m++) {
            String name = "kurier-" + m;
            members.add(new Thread(() -> {
                try (KurierClient c = client(kafka.bootstrapServers(), "share-mixed-" + name);
                     ShareConsumer<String, String> consumer = kurierMember(c)) {
                    consumer.subscribe(List.of(TOPIC));
                    while (!done.get()) {
                        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                            deliveries.add(new Delivery(name, r.value(), consumer.deliveryCount(r)));
                            if (r.value().equals(POISON)) {
                                consumer.acknowledge(r, AcknowledgeType.RELEASE);
                            } else {
                                accepted(acceptedBy, acceptedTwice, r.value(), name);
                                consumer.acknowledge(r);
                            }
                        }
                    }
                    consumer.commitSync();
                } catch (Throwable t) {
                    failures.add(t);
                }
            }, name));
        }
        members.add(new Thread(() -> {
            Properties props = new Properties();
            props.put("bootstrap.servers", kafka.bootstrapServers());
            props.put("group.id", GROUP);
            props.put("share.acknowledgement.mode", "explicit");
            props.put("max.poll.records", "20");
            try (KafkaShareConsumer<String, String> consumer = new KafkaShareConsumer<>(props,
                    new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of(TOPIC));
                while (!done.get()) {
                    for (org.apache.kafka.clients.consumer.ConsumerRecord<String, String> r
                            : consumer.poll(Duration.ofMillis(200))) {
                        deliveries.add(new Delivery("kafka-clients", r.value(), r.deliveryCount().orElse((short) 0)));
                        if (r.value().equals(POISON)) {
                            consumer.acknowledge(r, org.apache.kafka.clients.consumer.AcknowledgeType.RELEASE);
                        } else {
                            accepted(acceptedBy, acceptedTwice, r.value(), "kafka-clients");
                            consumer.acknowledge(r, org.apache.kafka.clients.consumer.AcknowledgeType.ACCEPT);
                        }
                    }
                    consumer.commitSync();
                }
            } catch (Throwable t) {
                failures.add(t);
            }
        }, "kafka-clients"));
        members.forEach(Thread::start);
        try {
            Eventually.waitFor(Duration.ofSeconds(120), "every record accepted and the poison delivered 5 times",
                    () -> acceptedBy.size() == RECORDS && poisonDeliveries(deliveries) + silentPoison >= 5
                            || !failures.isEmpty());
            assertThat(failures).isEmpty();
            // the poison's 5 deliveries are the broker's limit: a sentinel written now arrives with no sixth
            try (KurierClient producerClient = client(kafka.bootstrapServers(), "share-mixed-sentinel");
                 Producer<String, String> producer = producerClient.producer(ProducerConfig.defaults(),
                         Serdes.stringSerializer(), Serdes.stringSerializer())) {
                producer.send(new ProducerRecord<>(TOPIC, 0, null, null, "sentinel", List.of()));
                producer.flush();
            }
            Eventually.waitFor(Duration.ofSeconds(60), "the sentinel accepted", () -> acceptedBy.containsKey("sentinel"));
        } finally {
            done.set(true);
            for (Thread t : members) {
                t.join(30_000);
            }
            proxy.heal();
            silent.close(Duration.ofSeconds(1));
            silentClient.close();
        }
        assertThat(failures).isEmpty();
        org.slf4j.LoggerFactory.getLogger(ShareGroupFaultTest.class).info("share group: {} records stranded by the"
                + " silent member (poison among them: {}); deliveries per member {}", strandedValues.size(),
                silentPoison == 1, deliveries.stream().collect(Collectors.groupingBy(Delivery::member,
                        Collectors.counting())));
        assertThat(acceptedTwice).as("accepted twice").isEmpty();
        assertThat(acceptedBy).hasSize(RECORDS + 1);
        assertThat(poisonDeliveries(deliveries) + silentPoison).as("the poison's deliveries").isEqualTo(5);
        assertThat(acceptedBy.get(POISON)).isNull();
        // the stranded records went to the others after their locks expired, delivered for the second time
        assertThat(deliveries).filteredOn(d -> strandedValues.contains(d.value()))
                .hasSize(strandedValues.size()).allSatisfy(d -> assertThat(d.count()).isEqualTo(2));
        assertThat(deliveries.stream().map(Delivery::member).collect(Collectors.toSet()))
                .as("every member took part").contains("kafka-clients", "kurier-0", "kurier-1", "kurier-2");
    }

    private static void accepted(Map<String, String> acceptedBy, List<String> acceptedTwice, String value,
                                 String member) {
        if (acceptedBy.putIfAbsent(value, member) != null) {
            acceptedTwice.add(value + " by " + member + " after " + acceptedBy.get(value));
        }
    }

    private static long poisonDeliveries(List<Delivery> deliveries) {
        return deliveries.stream().filter(d -> d.value().equals(POISON)).count();
    }
}
