package dev.kurier.spring.convert;

import java.lang.reflect.Type;

/** Writes and reads JSON; the auto-configuration provides one backed by Jackson when it is on the classpath. */
public interface JsonCodec {

    /** {@code value} as JSON bytes. */
    byte[] write(Object value);

    /** JSON {@code data} as {@code type} (generic types such as {@code List<Order>} included). */
    Object read(byte[] data, Type type);
}
