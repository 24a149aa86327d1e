package dev.kurier.spring.convert;

import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.springframework.core.ResolvableType;

/**
 * The default conversion: {@code byte[]} as is, {@link String} as UTF-8, {@link ByteBuffer} as its remaining
 * bytes, and every other type as JSON through the {@link JsonCodec} (Jackson), when there is one. A target of
 * {@link Object} (an unparameterized {@code ConsumerRecord}, say) gets the raw bytes.
 */
public final class DefaultPayloadConverter implements PayloadConverter {

    private final JsonCodec json;

    /** A converter; {@code json} may be {@code null} (no Jackson), then only bytes and strings convert. */
    public DefaultPayloadConverter(JsonCodec json) {
        this.json = json;
    }

    @Override
    public byte[] toBytes(String topic, Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof byte[] b) {
            return b;
        }
        if (value instanceof CharSequence s) {
            return s.toString().getBytes(StandardCharsets.UTF_8);
        }
        if (value instanceof ByteBuffer bb) {
            ByteBuffer d = bb.duplicate();
            byte[] out = new byte[d.remaining()];
            d.get(out);
            return out;
        }
        if (json == null) {
            throw new PayloadConversionException("cannot write a " + value.getClass().getName() + " to topic " + topic
                    + ": only String and byte[] convert without Jackson; add tools.jackson.core:jackson-databind", null);
        }
        try {
            return json.write(value);
        } catch (RuntimeException e) {
            throw new PayloadConversionException("cannot write a " + value.getClass().getName() + " as JSON to topic "
                    + topic + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void requireReadable(Type targetType) {
        if (json == null && !isRaw(targetType)) {
            throw new IllegalStateException("reading a " + targetType.getTypeName() + " needs JSON, and there is no "
                    + "Jackson on the classpath: add tools.jackson.core:jackson-databind (or take String or byte[])");
        }
    }

    private static boolean isRaw(Type targetType) {
        Class<?> raw = targetType instanceof Class<?> c ? c : ResolvableType.forType(targetType).toClass();
        return raw == byte[].class || raw == Object.class || raw == String.class || raw == CharSequence.class
                || raw == ByteBuffer.class;
    }

    @Override
    public Object fromBytes(String topic, byte[] data, Type targetType) {
        if (data == null) {
            return null;
        }
        Class<?> raw = targetType instanceof Class<?> c ? c : ResolvableType.forType(targetType).toClass();
        if (raw == byte[].class || raw == Object.class) {
            return data;
        }
        if (raw == String.class || raw == CharSequence.class) {
            return new String(data, StandardCharsets.UTF_8);
        }
        if (raw == ByteBuffer.class) {
            return ByteBuffer.wrap(data);
        }
        if (json == null) {
            throw new PayloadConversionException("cannot read a " + targetType.getTypeName() + " from topic " + topic
                    + ": only String and byte[] convert without Jackson; add tools.jackson.core:jackson-databind", null);
        }
        try {
            return json.read(data, targetType);
        } catch (RuntimeException e) {
            throw new PayloadConversionException("cannot read a " + targetType.getTypeName() + " as JSON from topic "
                    + topic + ": " + e.getMessage(), e);
        }
    }
}
