package dev.kurier.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Set;

import dev.kurier.testkit.JupiterRun;
import dev.kurier.testkit.KafkaCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs two test classes that use {@link EmbeddedKafka} in a JUnit session of their own: both get the
 * same broker, and the end of the session closes it.
 */
class KafkaBrokerExtensionTest {

    static final Set<KafkaCluster> SEEN = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
    static final Set<Long> PIDS = Collections.synchronizedSet(new HashSet<>());
    static final Set<String> TOPICS = Collections.synchronizedSet(new HashSet<>());

    @Test
    void twoClassesShareOneBrokerThatTheEndOfTheRunCloses() {
        JupiterRun run = JupiterRun.of(FirstClass.class, SecondClass.class);

        assertThat(run.failures()).isEmpty();
        assertThat(run.outcomes()).containsEntry("usesTheSharedBroker(KafkaCluster)", "SUCCESSFUL");
        assertThat(run.outcomes()).containsEntry("KafkaBrokerExtensionTest$FirstClass", "SUCCESSFUL")
                .containsEntry("KafkaBrokerExtensionTest$SecondClass", "SUCCESSFUL");
        assertThat(SEEN).hasSize(1);
        assertThat(PIDS).hasSize(1);
        assertThat(TOPICS).containsExactlyInAnyOrder("shared-first", "shared-second");

        KafkaCluster shared = SEEN.iterator().next();
        long pid = PIDS.iterator().next();
        assertThat(shared.isStarted()).isFalse();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    /** Checks one class's view of the shared broker. */
    static void check(KafkaCluster kafka, KafkaCluster fromBeforeAll, String topic) {
        assertThat(kafka).isSameAs(fromBeforeAll).isSameAs(KafkaBrokerExtension.sharedCluster());
        assertThat(kafka.isStarted()).isTrue();
        assertThat(kafka.nodes()).hasSize(1);
        SEEN.add(kafka);
        PIDS.add(kafka.node(1).pid());
        kafka.createTopic(topic, 1, 1);
        TOPICS.add(topic);
        // Whichever class runs second finds the topic of the first on the same broker.
        assertThat(kafka.topicNames()).containsAll(TOPICS);
    }

    @EmbeddedKafka
    static class FirstClass {
        private static KafkaCluster fromBeforeAll;

        @BeforeAll
        static void remember(KafkaCluster kafka) {
            fromBeforeAll = kafka;
        }

        @Test
        void usesTheSharedBroker(KafkaCluster kafka) {
            check(kafka, fromBeforeAll, "shared-first");
        }
    }

    @EmbeddedKafka
    static class SecondClass {
        private static KafkaCluster fromBeforeAll;

        @BeforeAll
        static void remember(KafkaCluster kafka) {
            fromBeforeAll = kafka;
        }

        @Test
        void usesTheSharedBroker(KafkaCluster kafka) {
            check(kafka, fromBeforeAll, "shared-second");
        }
    }
}
