package dev.kurier.client.protocol.message;

import dev.kurier.protocol.generator.FieldSpec;
import dev.kurier.protocol.generator.FieldType;
import dev.kurier.protocol.generator.MessageSpec;
import dev.kurier.protocol.generator.Names;
import io.netty.buffer.Unpooled;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Builds random values of a generated message type that are valid at a version: every field the version carries
 * gets a random value (null now and then where the version allows it, a tagged field left at its default now and
 * then), every other field keeps its default. Built through the generated builders, by reflection, from the schema.
 */
final class RandomMessages {

    private static final String[] TEXT = {"a", "b", "k", "z", "-", "_", ".", "0", "7", "\u00e9", "\u00df", "\u4e2d",
        "\ud83d\ude80"};

    private final MessageSpec spec;
    private final short version;
    private final Random random;

    RandomMessages(MessageSpec spec, short version, Random random) {
        this.spec = spec;
        this.version = version;
        this.random = random;
    }

    /** A random message body of {@code type}. */
    Object message(Class<?> type) {
        return struct(type, spec.fields(), 0);
    }

    private Object struct(Class<?> type, List<FieldSpec> fields, int depth) {
        try {
            Object builder = type.getMethod("builder").invoke(null);
            for (FieldSpec f : fields) {
                if (!f.versions().contains(version) || (f.isTagged() && random.nextInt(3) == 0)) {
                    continue;
                }
                RecordComponent component = component(type, Names.field(f.name()));
                Object value = value(f, component.getGenericType(), depth);
                Method setter = builder.getClass().getMethod(component.getName(), component.getType());
                setter.invoke(builder, value);
            }
            return builder.getClass().getMethod("build").invoke(builder);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot build " + type.getName(), e);
        }
    }

    private Object value(FieldSpec f, Type javaType, int depth) {
        if (f.nullableVersions().contains(version) && random.nextInt(5) == 0) {
            return null;
        }
        return nonNull(f.type(), javaType, depth);
    }

    private Object nonNull(FieldType t, Type javaType, int depth) {
        return switch (t.kind()) {
            case BOOL -> random.nextBoolean();
            case INT8 -> (byte) random.nextInt();
            case INT16 -> (short) random.nextInt();
            case UINT16 -> random.nextInt(65536);
            case INT32 -> random.nextInt();
            case UINT32 -> random.nextLong() & 0xffffffffL;
            case INT64 -> random.nextLong();
            case FLOAT64 -> random.nextDouble() * 1000;
            case STRING -> text();
            case BYTES -> bytes();
            case UUID -> new UUID(random.nextLong(), random.nextLong());
            case RECORDS -> Unpooled.wrappedBuffer(bytes());
            case STRUCT -> struct((Class<?>) javaType, spec.structs().get(t.structName()).fields(), depth + 1);
            case ARRAY -> {
                Type elementType = ((ParameterizedType) javaType).getActualTypeArguments()[0];
                int n = random.nextInt(depth >= 2 ? 2 : 4);
                List<Object> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    list.add(nonNull(t.element(), elementType, depth + 1));
                }
                yield list;
            }
        };
    }

    private String text() {
        int length = random.nextInt(12);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append(TEXT[random.nextInt(TEXT.length)]);
        }
        return out.toString();
    }

    private byte[] bytes() {
        byte[] bytes = new byte[random.nextInt(24)];
        random.nextBytes(bytes);
        return bytes;
    }

    static RecordComponent component(Class<?> type, String name) {
        for (RecordComponent c : type.getRecordComponents()) {
            if (c.getName().equals(name)) {
                return c;
            }
        }
        throw new AssertionError(type.getName() + " has no component " + name);
    }
}
