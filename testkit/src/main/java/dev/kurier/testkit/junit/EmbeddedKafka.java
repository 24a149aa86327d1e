package dev.kurier.testkit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test class the shared single-node Kafka broker of the test JVM: the same as
 * {@code @ExtendWith(KafkaBrokerExtension.class)}. Test methods, constructors and lifecycle methods
 * may take a {@link dev.kurier.testkit.KafkaCluster} parameter.
 *
 * <pre>{@code
 * @EmbeddedKafka
 * class OrderListenerTest {
 *     @Test
 *     void consumes(KafkaCluster kafka) {
 *         kafka.createTopic("orders", 3, 1);
 *         ... kafka.bootstrapServers() ...
 *     }
 * }
 * }</pre>
 *
 * @see KafkaBrokerExtension
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@ExtendWith(KafkaBrokerExtension.class)
public @interface EmbeddedKafka {
}
