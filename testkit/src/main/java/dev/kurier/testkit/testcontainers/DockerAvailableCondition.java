package dev.kurier.testkit.testcontainers;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The condition behind {@link EnabledIfDockerAvailable}. It needs nothing of Testcontainers to be
 * loaded: without Testcontainers on the classpath the test is skipped as well.
 */
public final class DockerAvailableCondition implements ExecutionCondition {

    /** The reason reported for a skipped test when no Docker daemon answers. */
    public static final String NO_DOCKER = "Docker is not available: skipping Testcontainers test";
    /** The reason reported for a skipped test when Testcontainers is missing. */
    public static final String NO_TESTCONTAINERS =
            "Testcontainers is not on the classpath (add org.testcontainers:testcontainers-kafka): skipping Testcontainers test";

    /** Used by JUnit. */
    public DockerAvailableCondition() {
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (!DockerAvailability.isTestcontainersPresent()) {
            return ConditionEvaluationResult.disabled(NO_TESTCONTAINERS);
        }
        if (!DockerAvailability.isDockerAvailable()) {
            return ConditionEvaluationResult.disabled(NO_DOCKER);
        }
        return ConditionEvaluationResult.enabled("Docker is available");
    }
}
