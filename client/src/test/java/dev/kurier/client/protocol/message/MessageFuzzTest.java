package dev.kurier.client.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.protocol.ProtocolException;
import dev.kurier.client.testing.Mutations;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every generated response and request decoder, at every version, fed mutated frames of valid messages (bit flips,
 * boundary values, boundary lengths, truncation, insertion, deletion, duplication; fixed seed): the only failure is a
 * {@link ProtocolException}, never an index error, a negative size, a null pointer or an out-of-memory; one decode
 * allocates at most a bounded multiple of the frame; whatever decodes is released (the leak detector is on).
 * {@code -Pfuzz} runs a million frames; the build runs {@link Mutations#FRAMES}.
 */
class MessageFuzzTest {

    /** One decode may allocate this much heap plus this many times the frame's size. */
    private static final long ALLOCATION_BASE = 512 * 1024;
    private static final long ALLOCATION_PER_BYTE = 64;

    @Test
    void mutatedFramesOfEveryMessageAndVersionFailOnlyWithProtocolErrors() throws Exception {
        List<Object[]> cases = MessageSchemas.messagesAndVersions();
        int perCase = Math.max(1, Mutations.FRAMES / cases.size());
        Random random = new Random(Mutations.SEED);
        long decoded = 0;
        long refused = 0;
        List<String> problems = new ArrayList<>();
        for (Object[] c : cases) {
            String message = (String) c[0];
            short version = (short) c[1];
            Class<?> type = MessageSchemas.ourType(message);
            Method read = type.getMethod("read", ByteBuf.class, short.class);
            byte[] valid = write(new RandomMessages(MessageSchemas.spec(message), version, random).message(type), version);
            for (int i = 0; i < perCase; i++) {
                byte[] frame = Mutations.mutate(valid, random);
                ByteBuf in = PooledByteBufAllocator.DEFAULT.buffer(frame.length).writeBytes(frame);
                long before = Mutations.allocated();
                try {
                    Object m = read.invoke(null, in, version);
                    decoded++;
                    release(m);
                } catch (InvocationTargetException e) {
                    Throwable t = e.getCause();
                    if (t instanceof ProtocolException) {
                        refused++;
                    } else if (problems.size() < 20) {
                        problems.add(message + " v" + version + ": " + t + " on " + ByteBufUtil.hexDump(frame));
                    }
                } finally {
                    in.release();
                }
                long allocated = Mutations.allocated() - before;
                if (allocated > ALLOCATION_BASE + ALLOCATION_PER_BYTE * frame.length && problems.size() < 20) {
                    problems.add(message + " v" + version + ": allocated " + allocated + " bytes for a frame of "
                            + frame.length + ": " + ByteBufUtil.hexDump(frame));
                }
            }
        }
        org.slf4j.LoggerFactory.getLogger(MessageFuzzTest.class).info("{} mutated frames of {} messages and versions:"
                + " {} decoded, {} refused with a ProtocolException, {} otherwise", decoded + refused + problems.size(),
                cases.size(), decoded, refused, problems.size());
        assertThat(problems).as("decodes that failed otherwise than with a ProtocolException (of %d decoded, %d "
                + "refused)", decoded, refused).isEmpty();
        assertThat(decoded + refused).isGreaterThanOrEqualTo((long) perCase * cases.size());
        assertThat(refused).as("mutations the decoders refused").isPositive();
    }

    private static byte[] write(Object message, short version) throws Exception {
        ByteBuf out = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            message.getClass().getMethod("write", ByteBuf.class, short.class).invoke(message, out, version);
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
            release(message);
        }
    }

    private static void release(Object message) throws Exception {
        for (Method m : message.getClass().getMethods()) {
            if (m.getName().equals("release") && m.getParameterCount() == 0) {
                m.invoke(message);
            }
        }
    }
}
