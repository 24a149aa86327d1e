package dev.kurier.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Non-blocking retries for a {@link KurierListener} method (Spring Kafka's {@code @RetryableTopic}): a record that
 * fails is not retried in place (its partition would wait) but written to {@code <topic>-retry-1} and acknowledged;
 * a container of its own reads that topic and calls the method again once the record's delay has passed; a further
 * failure goes to {@code <topic>-retry-2}, and so on, and after {@link #attempts()} calls in all to
 * {@code <topic>-dlt}. The retry and dead-letter topics are created (with the main topic's partition count) when
 * missing. Each record carries {@code kurier_retry_attempt}, {@code kurier_retry_due} and where it first failed.
 * Record listeners only.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface KurierRetryableTopic {

    /** Calls in all, the first included (so {@code attempts - 1} retry topics); at least 2. */
    String attempts() default "3";

    /** Wait before the first retry ({@code 1s}, {@code 500ms}, ISO-8601). */
    String delay() default "1s";

    /** Growth of the wait per further retry; 1 keeps it fixed. */
    String multiplier() default "2";

    /** Longest wait before a retry. */
    String maxDelay() default "30s";
}
