package dev.kurier.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a {@link KurierListener} method parameter: the value of the last header with this name, as {@code String}
 * (UTF-8), {@code byte[]} or {@code Header}; {@code null} when the record has none and {@link #required()} is false.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Header {

    /** The header name. */
    String value();

    /** Whether a record without the header is a listener failure. */
    boolean required() default false;
}
