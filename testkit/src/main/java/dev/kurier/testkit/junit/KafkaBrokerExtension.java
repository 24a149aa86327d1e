package dev.kurier.testkit.junit;

import dev.kurier.testkit.KafkaCluster;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit Jupiter extension that gives test classes one shared single-node Kafka broker per test
 * JVM: started by the first class that needs it, closed when the test run ends (through the root
 * extension context's store, with the cluster's own JVM shutdown hook as a fallback).
 *
 * <p>Register it with {@link EmbeddedKafka @EmbeddedKafka} or {@code @ExtendWith}; inject the broker
 * as a {@link KafkaCluster} parameter, or reach it from static code (e.g. a Spring
 * {@code @DynamicPropertySource} method) with {@link #sharedCluster()}. Tests that need their own
 * cluster (three nodes, crashes) build one with {@link KafkaCluster#builder()}.
 *
 * <p>The shared broker runs the Kafka version given by the system property {@code
 * kurier.testkit.kafka.version}, or the testkit's default; so a whole test suite can run against
 * another release with one flag.
 */
public final class KafkaBrokerExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KafkaBrokerExtension.class);
    private static final Object LOCK = new Object();
    private static KafkaCluster shared;

    /** Used by JUnit. */
    public KafkaBrokerExtension() {
    }

    /** The shared broker of this JVM, started on first use. */
    public static KafkaCluster sharedCluster() {
        synchronized (LOCK) {
            if (shared == null || !shared.isStarted()) {
                shared = KafkaCluster.builder().start();
            }
            return shared;
        }
    }

    @Override
    @SuppressWarnings("deprecation") // getOrComputeIfAbsent: the one method both JUnit 5 and 6 have
    public void beforeAll(ExtensionContext context) {
        sharedCluster();
        // One closer in the root store: JUnit closes it once, when the whole test run is done
        // (AutoCloseable store values are closed by JUnit 5.13 and later).
        context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(SharedClusterCloser.class,
                key -> new SharedClusterCloser(), SharedClusterCloser.class);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == KafkaCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return sharedCluster();
    }

    /** Closes the shared broker at the end of the test run. */
    private static final class SharedClusterCloser implements AutoCloseable {
        @Override
        public void close() {
            synchronized (LOCK) {
                if (shared != null) {
                    shared.close();
                    shared = null;
                }
            }
        }
    }
}
