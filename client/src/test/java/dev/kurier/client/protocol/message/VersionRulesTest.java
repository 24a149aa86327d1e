package dev.kurier.client.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kurier.client.protocol.UnsupportedVersionException;
import dev.kurier.protocol.generator.FieldSpec;
import dev.kurier.protocol.generator.FieldType;
import dev.kurier.protocol.generator.MessageSpec;
import dev.kurier.protocol.generator.Names;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The schema's version rules, for every top-level field of every generated message at every version: a field the
 * version lacks is dropped silently when the schema calls it ignorable (the bytes are those of the default), and
 * is an {@link UnsupportedVersionException} naming the field and the versions that carry it otherwise, as
 * kafka-clients does; a null where the version does not allow one is refused naming the field.
 */
class VersionRulesTest {

    static List<Object[]> cases() {
        return MessageSchemas.messagesAndVersions();
    }

    @ParameterizedTest(name = "{0} v{1}")
    @MethodSource("cases")
    void fieldsTheVersionLacksAreDroppedOnlyWhenIgnorable(String message, short version) throws Exception {
        MessageSpec spec = MessageSchemas.spec(message);
        Class<?> type = MessageSchemas.ourType(message);
        Random random = new Random(message.hashCode() * 7L + version);
        Object base = new RandomMessages(spec, version, random).message(type);
        byte[] baseBytes = write(base, version);
        for (FieldSpec f : spec.fields()) {
            if (f.versions().contains(version)) {
                continue;
            }
            Object value = f.type().kind() == FieldType.Kind.BOOL ? !(Boolean) defaultOf(type, f)
                    : nonDefault(f.type(), random);
            if (value == null) {
                continue;
            }
            Object changed = with(base, f, value);
            String field = message + "." + f.name();
            if (f.ignorable()) {
                assertThat(write(changed, version)).as(field + " is ignorable: dropped at v" + version)
                        .isEqualTo(baseBytes);
            } else {
                assertThatThrownBy(() -> write(changed, version)).as(field + " at v" + version)
                        .isInstanceOf(UnsupportedVersionException.class)
                        .hasMessageContaining(field).hasMessageContaining("v" + version)
                        .hasMessageContaining(f.versions().describe());
            }
        }
    }

    @ParameterizedTest(name = "{0} v{1}")
    @MethodSource("cases")
    void nullIsRefusedWhereTheVersionDoesNotAllowIt(String message, short version) throws Exception {
        MessageSpec spec = MessageSchemas.spec(message);
        Class<?> type = MessageSchemas.ourType(message);
        Object base = new RandomMessages(spec, version, new Random(version)).message(type);
        for (FieldSpec f : spec.fields()) {
            boolean reference = f.type().isArray() || f.type().kind() == FieldType.Kind.STRING
                    || f.type().kind() == FieldType.Kind.BYTES || f.type().isStruct();
            if (!reference || !f.versions().contains(version) || f.nullableVersions().contains(version)
                    || f.isTagged()) {
                continue;
            }
            Object changed = with(base, f, null);
            assertThatThrownBy(() -> write(changed, version)).as(message + "." + f.name() + " null at v" + version)
                    .isInstanceOfAny(IllegalArgumentException.class, UnsupportedVersionException.class)
                    .hasMessageContaining(message + "." + f.name());
        }
    }

    /** A value that is not the default of any schema field of this type; null for types left out. */
    private static Object nonDefault(FieldType t, Random random) {
        return switch (t.kind()) {
            case BOOL -> null; // see defaultOf
            case INT8 -> (byte) 42;
            case INT16 -> (short) 4242;
            case UINT16 -> 4242;
            case INT32 -> 424242;
            case UINT32 -> 424242L;
            case INT64 -> 42424242L;
            case FLOAT64 -> 4.2;
            case STRING -> "not-the-default-" + random.nextInt(1000);
            case BYTES -> new byte[] {4, 2};
            case UUID -> new UUID(4, 2);
            case RECORDS -> null;
            case STRUCT, ARRAY -> null; // shapes of nested values: covered by the struct's own fields
        };
    }

    /** The schema default of a top-level field, as the generated builder starts it. */
    private static Object defaultOf(Class<?> type, FieldSpec f) throws Exception {
        Object builder = type.getMethod("builder").invoke(null);
        Object defaults = builder.getClass().getMethod("build").invoke(builder);
        return type.getMethod(Names.field(f.name())).invoke(defaults);
    }

    private static Object with(Object message, FieldSpec f, Object value) throws Exception {
        Object builder = message.getClass().getMethod("toBuilder").invoke(message);
        RecordComponent c = RandomMessages.component(message.getClass(), Names.field(f.name()));
        builder.getClass().getMethod(c.getName(), c.getType()).invoke(builder, value);
        return builder.getClass().getMethod("build").invoke(builder);
    }

    private static byte[] write(Object message, short version) throws Exception {
        ByteBuf out = Unpooled.buffer();
        Method write = message.getClass().getMethod("write", ByteBuf.class, short.class);
        try {
            write.invoke(message, out, version);
            return ByteBufUtil.getBytes(out);
        } catch (InvocationTargetException e) {
            throw (Exception) e.getCause();
        } finally {
            out.release();
        }
    }
}
