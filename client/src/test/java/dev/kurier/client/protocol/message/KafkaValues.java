package dev.kurier.client.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.protocol.generator.FieldSpec;
import dev.kurier.protocol.generator.FieldType;
import dev.kurier.protocol.generator.MessageSpec;
import dev.kurier.protocol.generator.Names;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.record.internal.MemoryRecords;

/**
 * Compares a generated message with kafka-clients' object for the same bytes, field by field, for every field the
 * version carries: proves that each side reads the other's fields to the same values (a byte round trip alone
 * would not catch two same-typed fields swapped).
 */
final class KafkaValues {

    private final MessageSpec spec;
    private final short version;

    KafkaValues(MessageSpec spec, short version) {
        this.spec = spec;
        this.version = version;
    }

    void assertSame(Object ours, Object kafka) {
        struct(spec.name(), spec.fields(), ours, kafka);
    }

    private void struct(String path, List<FieldSpec> fields, Object ours, Object kafka) {
        for (FieldSpec f : fields) {
            if (!f.versions().contains(version)) {
                continue;
            }
            String name = Names.field(f.name());
            value(path + "." + f.name(), f.type(), get(ours, name), get(kafka, name));
        }
    }

    private void value(String path, FieldType t, Object ours, Object kafka) {
        if (ours == null || kafka == null) {
            assertThat(ours == null).as(path + " null on both sides (ours " + ours + ", kafka " + kafka + ")")
                    .isEqualTo(kafka == null);
            return;
        }
        switch (t.kind()) {
            case BOOL, STRING, FLOAT64 -> assertThat(ours).as(path).isEqualTo(kafka);
            case INT8, INT16, UINT16, INT32, UINT32, INT64 ->
                    assertThat(((Number) ours).longValue()).as(path).isEqualTo(((Number) kafka).longValue());
            case BYTES -> assertThat((byte[]) ours).as(path).isEqualTo(bytes(kafka));
            case UUID -> {
                Uuid k = (Uuid) kafka;
                assertThat(ours).as(path).isEqualTo(new UUID(k.getMostSignificantBits(), k.getLeastSignificantBits()));
            }
            case RECORDS -> assertThat(ByteBufUtil.getBytes((ByteBuf) ours)).as(path)
                    .isEqualTo(bytes(((MemoryRecords) kafka).buffer()));
            case STRUCT -> struct(path, spec.structs().get(t.structName()).fields(), ours, kafka);
            case ARRAY -> {
                List<?> o = (List<?>) ours;
                List<Object> k = new ArrayList<>();
                ((Iterable<?>) kafka).forEach(k::add);
                assertThat(o).as(path + " size").hasSize(k.size());
                for (int i = 0; i < o.size(); i++) {
                    value(path + "[" + i + "]", t.element(), o.get(i), k.get(i));
                }
            }
        }
    }

    private static byte[] bytes(Object kafka) {
        if (kafka instanceof byte[] array) {
            return array;
        }
        ByteBuffer buffer = ((ByteBuffer) kafka).duplicate();
        byte[] out = new byte[buffer.remaining()];
        buffer.get(out);
        return out;
    }

    private static Object get(Object target, String accessor) {
        try {
            return target.getClass().getMethod(accessor).invoke(target);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(target.getClass().getName() + " has no accessor " + accessor, e);
        }
    }
}
