package dev.kurier.testkit.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;

import dev.kurier.testkit.JupiterRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.testcontainers.kafka.KafkaContainer;

/** Docker-only tests are skipped, with a clear reason, where there is no Docker or no Testcontainers. */
class DockerAvailableConditionTest {

    @Test
    void testsNeedingDockerAreSkippedWithoutIt() {
        assumeFalse(DockerAvailability.isDockerAvailable(), "Docker is available here: the skip path cannot be observed");

        JupiterRun run = JupiterRun.of(NeedsDocker.class);

        assertThat(run.failures()).isEmpty();
        assertThat(run.outcomes()).containsEntry("DockerAvailableConditionTest$NeedsDocker", "SKIPPED: " + DockerAvailableCondition.NO_DOCKER);
        assertThat(NeedsDocker.ran).isFalse();
    }

    @Test
    void theConditionAgreesWithTheProbe() {
        ConditionEvaluationResult result = new DockerAvailableCondition().evaluateExecutionCondition(null);

        assertThat(result.isDisabled()).isEqualTo(!DockerAvailability.isDockerAvailable());
        if (result.isDisabled()) {
            assertThat(result.getReason()).contains(DockerAvailableCondition.NO_DOCKER);
        }
    }

    @Test
    void withoutTestcontainersOnTheClasspathTheTestIsSkippedToo() throws Exception {
        // The testkit's classes and JUnit's API, but no Testcontainers (nor anything else).
        List<URL> urls = List.of(
                location(DockerAvailableCondition.class),
                location(ExecutionCondition.class),
                location(org.junit.platform.commons.util.Preconditions.class),
                location(org.opentest4j.AssertionFailedError.class),
                location(org.apiguardian.api.API.class),
                location(org.slf4j.Logger.class));
        try (URLClassLoader isolated = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            Class<?> condition = isolated.loadClass(DockerAvailableCondition.class.getName());
            Object instance = condition.getConstructor().newInstance();
            Class<?> contextType = isolated.loadClass("org.junit.jupiter.api.extension.ExtensionContext");
            Object result = condition.getMethod("evaluateExecutionCondition", contextType).invoke(instance, (Object) null);
            Method isDisabled = result.getClass().getMethod("isDisabled");
            Method reason = result.getClass().getMethod("getReason");

            assertThat((Boolean) isDisabled.invoke(result)).isTrue();
            assertThat(reason.invoke(result)).hasToString("Optional[" + DockerAvailableCondition.NO_TESTCONTAINERS + "]");
        }
    }

    private static URL location(Class<?> type) throws URISyntaxException, java.net.MalformedURLException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toUri().toURL();
    }

    /** Would start a Kafka container; must never run without Docker. */
    @EnabledIfDockerAvailable
    static class NeedsDocker {
        static volatile boolean ran;

        @Test
        void startsKafkaInDocker() {
            ran = true;
            try (KafkaContainer kafka = KafkaContainerSupport.startKafka()) {
                assertThat(kafka.getBootstrapServers()).isNotBlank();
            }
        }
    }
}
