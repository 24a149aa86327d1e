package dev.kurier.spring.convert;

import java.lang.reflect.Type;

/**
 * Converts keys and values between objects and record bytes: for {@code KurierTemplate} sends and for
 * {@code @KurierListener} parameters. Thread-safe.
 */
public interface PayloadConverter {

    /** The bytes of {@code value} for {@code topic}; {@code null} stays {@code null}. */
    byte[] toBytes(String topic, Object value);

    /** {@code data} from {@code topic} as {@code targetType}; {@code null} stays {@code null}. */
    Object fromBytes(String topic, byte[] data, Type targetType);

    /**
     * Checks, once when a listener is set up, that {@code targetType} can be read at all, so a listener that could
     * never convert a record fails startup instead of dead-lettering every record.
     *
     * @throws IllegalStateException saying what is missing (a dependency to add)
     */
    default void requireReadable(Type targetType) {
    }
}
