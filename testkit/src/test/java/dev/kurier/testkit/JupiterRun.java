package dev.kurier.testkit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs test classes in a JUnit session of their own (own root extension context) and records what
 * happened to each test and container: for tests about extensions and conditions.
 */
public final class JupiterRun implements TestExecutionListener {

    /** Display name (nested classes as Outer$Inner) to outcome: SUCCESSFUL, FAILED: ..., ABORTED: ..., SKIPPED: reason. */
    private final Map<String, String> outcomes = new ConcurrentHashMap<>();
    private final List<Throwable> failures = new ArrayList<>();

    private JupiterRun() {
    }

    /** Runs the classes and returns the record. */
    public static JupiterRun of(Class<?>... classes) {
        JupiterRun run = new JupiterRun();
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(Arrays.stream(classes).map(c -> selectClass(c)).toList())
                .build();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(request, run);
        return run;
    }

    @Override
    public void executionSkipped(TestIdentifier identifier, String reason) {
        outcomes.put(identifier.getDisplayName(), "SKIPPED: " + reason);
    }

    @Override
    public void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
        String outcome = result.getStatus().name();
        if (result.getThrowable().isPresent()) {
            Throwable failure = result.getThrowable().get();
            synchronized (failures) {
                failures.add(failure);
            }
            outcome += ": " + failure;
        }
        outcomes.put(identifier.getDisplayName(), outcome);
    }

    /** What happened, by display name (nested classes as {@code Outer$Inner}, methods with their parameter types). */
    public Map<String, String> outcomes() {
        return outcomes;
    }

    /** The failures, for assertion messages. */
    public List<Throwable> failures() {
        synchronized (failures) {
            return List.copyOf(failures);
        }
    }
}
