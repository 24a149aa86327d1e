package dev.kurier.testkit.testcontainers;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test class or method only when Testcontainers is on the classpath and a Docker
 * daemon answers; otherwise JUnit reports it skipped with the reason ("Docker is not available:
 * skipping Testcontainers test").
 *
 * @see KafkaContainerSupport
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@ExtendWith(DockerAvailableCondition.class)
public @interface EnabledIfDockerAvailable {
}
