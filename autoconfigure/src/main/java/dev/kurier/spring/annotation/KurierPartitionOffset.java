package dev.kurier.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A partition read from an initial offset (Spring Kafka's {@code @PartitionOffset}): {@code initialOffset} 0 or more
 * is an offset; a negative one counts back from the end ({@code -1}: the last record). Applied each time the
 * container starts.
 */
@Target({})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface KurierPartitionOffset {

    /** The partition ({@code ${...}} resolved). */
    String partition();

    /** The offset to start from; negative: that many records before the end. */
    String initialOffset();
}
