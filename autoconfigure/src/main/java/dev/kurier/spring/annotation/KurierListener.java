package dev.kurier.spring.annotation;

import dev.kurier.client.consumer.Ordering;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method as a Kafka listener: a {@code ListenerContainer} reads the topics and calls the method for
 * each record (or each batch with {@link #batch()}).
 *
 * <p>Parameters are resolved by type and annotation: the payload (an unannotated parameter or {@link Payload}:
 * {@code String} and {@code byte[]} directly, other types as JSON through Jackson), the key ({@link Key}),
 * {@link Header @Header("name")}, all headers ({@code List<Header>} or {@link Headers @Headers Map}), the
 * whole {@code ConsumerRecord<K, V>}, {@code Acknowledgment}, {@link Partition}, {@link Offset}, {@link Topic},
 * {@link Timestamp}, {@code TopicPartition}. With {@code batch = true} the payload is a {@code List<T>} or
 * {@code List<ConsumerRecord<K, V>>}. An unresolvable parameter fails startup naming the method. The return value
 * is ignored unless the method has {@link KurierSendTo} (or spring-messaging's {@code @SendTo}): then it is sent on.
 *
 * <p>String attributes accept {@code ${...}} placeholders and {@code #{...}} SpEL; a SpEL result may be an
 * array or collection of topics.
 *
 * <p>With a {@link #groupId()} (or {@code kurier.consumer.group-id}) the container is a member of that consumer
 * group: the group spreads the topics' partitions over its members, and the container commits what was
 * acknowledged (the offset after the highest consecutive acknowledged record, every
 * {@code kurier.listener.commit-interval}, on revocation and on stop), so a restart resumes where processing
 * stopped. With a group and explicit {@link #partitions()} it reads exactly those and commits under the group
 * without joining it. Without a group it assigns itself every partition of the topics (or those listed) and
 * commits nothing.
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface KurierListener {

    /** Container id (registry, metrics, logs); default {@code beanName.methodName}. */
    String id() default "";

    /** Topics to read. Either this or {@link #topicPattern()}. */
    String[] topics() default {};

    /**
     * A regular expression; every matching topic is read. Matches are listed again every
     * {@code kurier.metadata-max-age} (metadata.max.age.ms) in group mode, as kafka-clients does, and every
     * {@code kurier.listener.assignment-refresh-interval} with explicit {@code partitions}.
     */
    String topicPattern() default "";

    /**
     * Partitions to read of each topic: numbers and ranges such as {@code "0"}, {@code "2-4"}; default all.
     */
    String[] partitions() default {};

    /** Consumer group to join and commit to; default {@code kurier.consumer.group-id}, none if that is unset. */
    String groupId() default "";

    /**
     * The group protocol: {@code classic} or {@code consumer} (KIP-848, Kafka 4.0+: the broker assigns, no
     * stop-the-world rebalances); default {@code kurier.consumer.group-protocol}.
     */
    String groupProtocol() default "";

    /**
     * A share group (KIP-932, Kafka 4.2 or newer) to read {@link #topics()} in, instead of a consumer group: each of
     * the {@link #concurrency()} workers is a share consumer, so one partition is processed by all of them in
     * parallel. A normal return accepts the record; an exception releases it for another delivery (to any worker)
     * until {@code kurier.listener.share.max-deliveries}, then the error handler's recovery (dead-letter topic or log)
     * gets it and it is rejected. With {@code ackMode = "MANUAL"} the {@code Acknowledgment} parameter decides:
     * {@code acknowledge()}, {@code release()} or {@code reject()}, from any thread while the record's lock lasts.
     * Not with {@link #groupId()}, {@link #topicPattern()}, {@link #partitions()} or {@link #topicPartitions()}.
     */
    String shareGroup() default "";

    /** Worker threads; default {@code kurier.listener.concurrency}. */
    String concurrency() default "";

    /** Which records may run in parallel on different workers. */
    Ordering ordering() default Ordering.PARTITION;

    /** Call the method with all records of a poll (per worker) as a {@code List}. */
    boolean batch() default false;

    /** {@code AUTO} or {@code MANUAL}; default {@code kurier.listener.ack-mode}. */
    String ackMode() default "";

    /** {@code true} or {@code false}; default {@code kurier.listener.auto-startup}. */
    String autoStartup() default "";

    /** Raw Kafka consumer keys for this listener, as {@code key=value}. */
    String[] properties() default {};

    /**
     * Name of a {@code KurierErrorHandler} bean (for example a {@code RetryingErrorHandler}); default: the
     * {@code @Primary} handler bean or the one {@code kurier.listener.error-handler.bean} names, else the one
     * {@code kurier.listener.error-handler.*} describes (retry, then dead-letter topic or log).
     */
    String errorHandler() default "";

    /**
     * Name of a {@code RecordFilter} bean: records it discards are acknowledged without calling the method (batch
     * listeners get the batch without them). Placeholders are resolved.
     */
    String filter() default "";

    /**
     * Exact partitions per topic, some from an initial offset, instead of {@link #topics()} (Spring Kafka's
     * {@code topicPartitions}); the listener does not join a group (with a group id it commits under it).
     */
    KurierTopicPartition[] topicPartitions() default {};
}
