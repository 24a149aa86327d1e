package dev.kurier.client.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kurier.client.protocol.ProtocolException;
import dev.kurier.protocol.generator.MessageSpec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Message;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.protocol.Readable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every generated request and response, at every version its codec handles, against kafka-clients' own
 * serialization: random valid messages (from the same schemas) are written by us, read by kafka-clients to the same
 * field values and written back by it to the same bytes, then read by us from kafka-clients' bytes to the same
 * bytes again; {@code size} matches what {@code write} writes; every truncation of the body is a
 * {@link ProtocolException}, never an index error or a leak. The seed is fixed per message and version
 * ({@code -Dkurier.oracle.seed} changes it, {@code -Dkurier.oracle.rounds} the count).
 */
class GeneratedMessagesOracleTest {

    private static final long SEED = Long.getLong("kurier.oracle.seed", 20261207L);
    private static final int ROUNDS = Integer.getInteger("kurier.oracle.rounds", 12);

    static List<Object[]> cases() {
        return MessageSchemas.messagesAndVersions();
    }

    @ParameterizedTest(name = "{0} v{1}")
    @MethodSource("cases")
    void sameValuesAndBytesAsKafkaBothWays(String message, short version) throws Exception {
        MessageSpec spec = MessageSchemas.spec(message);
        Class<?> ours = MessageSchemas.ourType(message);
        Random random = new Random(SEED ^ message.hashCode() * 31L ^ version);
        for (int round = 0; round < ROUNDS; round++) {
            Object value = new RandomMessages(spec, version, random).message(ours);
            byte[] ourBytes = write(value, version);
            assertThat((int) invoke(value, "size", version)).as("size() of " + message + " v" + version)
                    .isEqualTo(ourBytes.length);

            Message kafka = kafkaRead(message, ourBytes, version);
            new KafkaValues(spec, version).assertSame(value, kafka);
            assertThat(kafkaBytes(kafka, version)).as(message + " v" + version + ": kafka-clients writes back our bytes")
                    .isEqualTo(ourBytes);

            Object back = read(ours, ourBytes, version);
            try {
                new KafkaValues(spec, version).assertSame(back, kafka);
                assertThat(write(back, version)).as(message + " v" + version + ": ours writes back kafka's bytes")
                        .isEqualTo(ourBytes);
            } finally {
                release(back);
            }
        }
    }

    @ParameterizedTest(name = "{0} v{1}")
    @MethodSource("cases")
    void everyTruncationIsAProtocolException(String message, short version) throws Exception {
        MessageSpec spec = MessageSchemas.spec(message);
        Class<?> ours = MessageSchemas.ourType(message);
        Random random = new Random(SEED ^ message.hashCode() ^ version * 17L);
        byte[] bytes = write(new RandomMessages(spec, version, random).message(ours), version);
        for (int length = 0; length < bytes.length; length++) {
            ByteBuf in = PooledByteBufAllocator.DEFAULT.buffer(length).writeBytes(bytes, 0, length);
            try {
                int cut = length;
                assertThatThrownBy(() -> read(ours, in, version))
                        .as(message + " v" + version + " cut at " + cut + " of " + bytes.length)
                        .isInstanceOf(ProtocolException.class);
            } finally {
                in.release();
            }
        }
    }

    // ---- our side, by reflection -------------------------------------------------------------------

    private static byte[] write(Object message, short version) throws Exception {
        ByteBuf out = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            invoke(message, "write", out, version);
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }

    private static Object read(Class<?> type, byte[] bytes, short version) throws Exception {
        ByteBuf in = PooledByteBufAllocator.DEFAULT.buffer(bytes.length).writeBytes(bytes);
        try {
            Object message = read(type, in, version);
            assertThat(in.readableBytes()).as(type.getSimpleName() + " read the whole body").isZero();
            return message;
        } finally {
            in.release();
        }
    }

    private static Object read(Class<?> type, ByteBuf in, short version) throws Exception {
        Method read = type.getMethod("read", ByteBuf.class, short.class);
        try {
            return read.invoke(null, in, version);
        } catch (InvocationTargetException e) {
            throw (Exception) e.getCause();
        }
    }

    private static void release(Object message) throws Exception {
        for (Method m : message.getClass().getMethods()) {
            if (m.getName().equals("release") && m.getParameterCount() == 0) {
                m.invoke(message);
            }
        }
    }

    private static Object invoke(Object target, String name, Object... args) throws Exception {
        for (Method m : target.getClass().getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == args.length) {
                try {
                    return m.invoke(target, args);
                } catch (InvocationTargetException e) {
                    throw (Exception) e.getCause();
                }
            }
        }
        throw new AssertionError(target.getClass() + " has no " + name);
    }

    // ---- kafka-clients' side ----------------------------------------------------------------------

    private static Message kafkaRead(String message, byte[] bytes, short version) throws Exception {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        Message kafka = (Message) MessageSchemas.kafkaType(message).getConstructor(Readable.class, short.class)
                .newInstance(new ByteBufferAccessor(buffer), version);
        assertThat(buffer.remaining()).as("kafka-clients read the whole body of " + message).isZero();
        return kafka;
    }

    private static byte[] kafkaBytes(Message message, short version) {
        ObjectSerializationCache cache = new ObjectSerializationCache();
        ByteBuffer buffer = ByteBuffer.allocate(message.size(cache, version));
        message.write(new ByteBufferAccessor(buffer), cache, version);
        return buffer.array();
    }
}
