package dev.kurier.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a {@link KurierListener} method: its non-null return value is sent with the {@code KurierTemplate} to
 * {@link #value()}, keyed by the incoming record's key; {@code null} sends nothing. A batch listener may return a
 * collection: each non-null element is sent (without a key). The send is acknowledged by the broker before the
 * incoming records count as processed, so a crash cannot lose a reply; a failed send fails the call (the error
 * handler retries or recovers it).
 *
 * <p>Spring's {@code org.springframework.messaging.handler.annotation.SendTo} (spring-messaging) works the same
 * when it is on the classpath; it must name exactly one topic.
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface KurierSendTo {

    /** The topic to send to ({@code ${...}} and {@code #{...}} resolved); empty: {@code kurier.template.default-topic}. */
    String value() default "";
}
