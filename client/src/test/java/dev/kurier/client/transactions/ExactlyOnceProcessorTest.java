package dev.kurier.client.transactions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kurier.client.ClientConfig;
import dev.kurier.client.KurierClient;
import dev.kurier.client.config.ConfigException;
import dev.kurier.client.exactlyonce.ExactlyOnceProcessor;
import dev.kurier.client.exactlyonce.ProcessingException;
import dev.kurier.client.producer.Producer;
import dev.kurier.client.producer.ProducerConfig;
import dev.kurier.client.producer.ProducerRecord;
import dev.kurier.client.serialization.Serdes;
import dev.kurier.client.testing.Eventually;
import dev.kurier.testkit.KafkaCluster;
import dev.kurier.testkit.junit.EmbeddedKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** The exactly-once processor on a real broker: copies that equal their input, an abort that loses nothing. */
@EmbeddedKafka
class ExactlyOnceProcessorTest {

    static KurierClient client(KafkaCluster kafka) {
        return KurierClient.create(ClientConfig.builder().bootstrapServers(kafka.bootstrapServers())
                .clientId("eos-test").build());
    }

    static void fill(KurierClient client, String topic, int partitions, int records) {
        try (Producer<String, String> p = client.producer(ProducerConfig.defaults(), Serdes.stringSerializer(),
                Serdes.stringSerializer())) {
            for (int i = 0; i < records; i++) {
                int partition = i % partitions;
                p.send(new ProducerRecord<>(topic, partition, null, "k" + i, partition + ":" + i, List.of()));
            }
            p.flush();
        }
    }

    static ExactlyOnceProcessor<String, String, String, String> copier(KurierClient client, String in, String out,
                                                                      String group, String transactionalId) {
        return ExactlyOnceProcessor.reading(client, List.of(in), Map.of("group.id", group,
                        "auto.offset.reset", "earliest", "session.timeout.ms", 10_000, "heartbeat.interval.ms", 1_000),
                        Serdes.stringDeserializer(), Serdes.stringDeserializer())
                // a member that leaves mid-commit holds its partitions' offsets until its transaction ends: at most 10 s
                .writing(Map.of("transactional.id", transactionalId, "transaction.timeout.ms", 10_000),
                        Serdes.stringSerializer(), Serdes.stringSerializer())
                .transform(r -> List.of(new ProducerRecord<>(out, r.partition(), null, r.key(), r.value(), List.of())))
                .build();
    }

    @Test
    void aCopyWhileMembersJoinAndLeaveEqualsItsInput(KafkaCluster kafka) throws Exception {
        kafka.createTopic("eos-in", 4, 1);
        kafka.createTopic("eos-out", 4, 1);
        try (KurierClient client = client(kafka)) {
            fill(client, "eos-in", 4, 40_000);
            try (ExactlyOnceProcessor<String, String, String, String> first = copier(client, "eos-in", "eos-out",
                    "eos-copy", "eos-copy-1").start()) {
                Eventually.waitFor(Duration.ofSeconds(30), "the first member made progress",
                        () -> first.processedRecords() > 5_000);
                try (ExactlyOnceProcessor<String, String, String, String> second = copier(client, "eos-in", "eos-out",
                        "eos-copy", "eos-copy-2").start()) {
                    Eventually.waitFor(Duration.ofSeconds(30), "the second member made progress",
                            () -> second.processedRecords() > 2_000);
                    first.close(); // leaves mid-stream: the second takes its partitions over
                    Eventually.waitFor(Duration.ofSeconds(60), "the copy is complete",
                            () -> first.processedRecords() + second.processedRecords() >= 40_000);
                }
            }
        }
        Map<Integer, List<String>> input = ExactlyOnceCheck.read(kafka.bootstrapServers(), "eos-in", 4);
        Map<Integer, List<String>> output = ExactlyOnceCheck.read(kafka.bootstrapServers(), "eos-out", 4);
        assertThat(ExactlyOnceCheck.count(input)).isEqualTo(40_000);
        assertThat(output).isEqualTo(input);
    }

    @Test
    void aTransformThatThrowsAbortsAndStopsAtTheRecordAndARestartGoesOnFromThere(KafkaCluster kafka) throws Exception {
        kafka.createTopic("eos-poison-in", 1, 1);
        kafka.createTopic("eos-poison-out", 1, 1);
        try (KurierClient client = client(kafka)) {
            fill(client, "eos-poison-in", 1, 1_000);
            ExactlyOnceProcessor<String, String, String, String> failing = ExactlyOnceProcessor
                    .reading(client, List.of("eos-poison-in"), Map.of("group.id", "eos-poison", "auto.offset.reset",
                            "earliest", "max.poll.records", 100), Serdes.stringDeserializer(), Serdes.stringDeserializer())
                    .writing(Map.of("transactional.id", "eos-poison-1"), Serdes.stringSerializer(), Serdes.stringSerializer())
                    .transform(r -> {
                        if (r.offset() == 555) {
                            throw new IllegalArgumentException("cannot handle " + r.value());
                        }
                        return List.of(new ProducerRecord<>("eos-poison-out", 0, null, r.key(), r.value(), List.of()));
                    }).build().start();
            try {
                assertThat(failing.awaitStop(Duration.ofSeconds(30))).isTrue();
                assertThatThrownBy(() -> failing.completion().get()).isInstanceOf(ExecutionException.class)
                        .cause().isInstanceOf(ProcessingException.class)
                        .hasMessageContaining("eos-poison-in-0 offset 555").hasMessageContaining("cannot handle");
                assertThat(failing.abortedTransactions()).isEqualTo(1);
            } finally {
                failing.close();
            }
            // everything before the poll holding 555 is out; nothing of that poll is
            List<String> partial = ExactlyOnceCheck.read(kafka.bootstrapServers(), "eos-poison-out", 1).get(0);
            assertThat(partial.size()).isLessThanOrEqualTo(555).isEqualTo((int) failing.processedRecords());
            try (ExactlyOnceProcessor<String, String, String, String> fixed = copier(client, "eos-poison-in",
                    "eos-poison-out", "eos-poison", "eos-poison-1").start()) {
                Eventually.waitFor(Duration.ofSeconds(30), "the rest is copied",
                        () -> fixed.processedRecords() == 1_000 - partial.size());
            }
        }
        assertThat(ExactlyOnceCheck.read(kafka.bootstrapServers(), "eos-poison-out", 1))
                .isEqualTo(ExactlyOnceCheck.read(kafka.bootstrapServers(), "eos-poison-in", 1));
    }

    @Test
    void settingsThatContradictExactlyOnceAreRefused(KafkaCluster kafka) {
        try (KurierClient client = client(kafka)) {
            assertThatThrownBy(() -> ExactlyOnceProcessor.reading(client, List.of("t"), Map.of("group.id", "g",
                            "isolation.level", "read_uncommitted"), Serdes.stringDeserializer(), Serdes.stringDeserializer())
                    .writing(Map.of("transactional.id", "x"), Serdes.stringSerializer(), Serdes.stringSerializer())
                    .transform(r -> List.of()).build())
                    .isInstanceOf(ConfigException.class).hasMessageContaining("isolation.level");
            assertThatThrownBy(() -> ExactlyOnceProcessor.reading(client, List.of("t"), Map.of("group.id", "g"),
                            Serdes.stringDeserializer(), Serdes.stringDeserializer())
                    .writing(Map.of(), Serdes.stringSerializer(), Serdes.stringSerializer())
                    .transform(r -> List.of()).build())
                    .isInstanceOf(ConfigException.class).hasMessageContaining("transactional.id");
        }
    }
}
