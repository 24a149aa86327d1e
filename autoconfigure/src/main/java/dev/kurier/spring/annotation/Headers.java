package dev.kurier.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a {@link KurierListener} method parameter of type {@code Map<String, String>} or {@code Map<String, byte[]>}:
 * every header by name (the last one wins). A {@code List<Header>} parameter gets all headers without it.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Headers {
}
