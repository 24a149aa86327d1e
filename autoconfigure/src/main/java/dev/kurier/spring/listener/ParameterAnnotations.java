package dev.kurier.spring.listener;

import dev.kurier.spring.annotation.Header;
import dev.kurier.spring.annotation.Headers;
import dev.kurier.spring.annotation.Payload;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import org.springframework.core.MethodParameter;

/**
 * Listener parameter annotations: Kurier's own ({@code dev.kurier.spring.annotation}) and, when an application uses
 * them, spring-messaging's {@code @Payload}, {@code @Header} and {@code @Headers} (recognised by name, so
 * spring-messaging stays optional).
 */
final class ParameterAnnotations {

    private static final String MESSAGING = "org.springframework.messaging.handler.annotation.";

    /** A header parameter: the header's name and whether a record must have it. */
    record HeaderSpec(String name, boolean required) {
    }

    private ParameterAnnotations() {
    }

    static boolean payload(MethodParameter p) {
        return p.hasParameterAnnotation(Payload.class) || messaging(p, "Payload") != null;
    }

    static boolean headers(MethodParameter p) {
        return p.hasParameterAnnotation(Headers.class) || messaging(p, "Headers") != null;
    }

    /** The header {@code p} asks for, or {@code null} when it is not a header parameter. */
    static HeaderSpec header(MethodParameter p) {
        Header own = p.getParameterAnnotation(Header.class);
        if (own != null) {
            return new HeaderSpec(own.value(), own.required());
        }
        Annotation spring = messaging(p, "Header");
        if (spring == null) {
            return null;
        }
        String name = attribute(spring, "value", String.class);
        if (name == null || name.isEmpty()) {
            name = attribute(spring, "name", String.class);
        }
        Boolean required = attribute(spring, "required", Boolean.class);
        return new HeaderSpec(name, required == null || required);
    }

    private static Annotation messaging(MethodParameter p, String simpleName) {
        for (Annotation a : p.getParameterAnnotations()) {
            if (a.annotationType().getName().equals(MESSAGING + simpleName)) {
                return a;
            }
        }
        return null;
    }

    private static <T> T attribute(Annotation a, String name, Class<T> type) {
        try {
            Method m = a.annotationType().getMethod(name);
            return type.cast(m.invoke(a));
        } catch (ReflectiveOperationException | ClassCastException e) {
            return null;
        }
    }
}
