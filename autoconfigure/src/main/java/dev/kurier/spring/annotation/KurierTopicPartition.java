package dev.kurier.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Partitions of one topic for {@link KurierListener#topicPartitions()}: the listener reads exactly these (without
 * joining a group; with a group id it commits under it), some from an initial offset (Spring Kafka's
 * {@code @TopicPartition}).
 */
@Target({})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface KurierTopicPartition {

    /** The topic ({@code ${...}} resolved). */
    String topic();

    /** Partitions read from where they are (committed offset, else {@code auto.offset.reset}): {@code "0"}, {@code "2-5"}. */
    String[] partitions() default {};

    /** Partitions read from an initial offset, each time the container starts. */
    KurierPartitionOffset[] partitionOffsets() default {};
}
