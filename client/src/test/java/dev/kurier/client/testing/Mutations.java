package dev.kurier.client.testing;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Random;

/**
 * Mutations of valid frames for the fuzz tests (fixed seed): bit flips, bytes set to boundary values, 4-byte windows
 * set to boundary lengths, truncation, insertion, deletion and duplication of ranges. And the heap this thread
 * allocated, to bound what one decode may allocate.
 */
public final class Mutations {

    /** How many mutated frames the fuzz tests decode in all ({@code -Dkurier.fuzz.frames}; -Pfuzz: a million). */
    public static final int FRAMES = Integer.getInteger("kurier.fuzz.frames", 60_000);
    /** The seed ({@code -Dkurier.fuzz.seed}). */
    public static final long SEED = Long.getLong("kurier.fuzz.seed", 20261207L);

    private static final byte[] BYTES = {0, -1, 0x7f, (byte) 0x80, 1, 2, 0x40};
    private static final int[] INTS = {Integer.MAX_VALUE, Integer.MIN_VALUE, -1, -2, 0, 1, 0x7ffffff0, 1 << 24, 65536,
        0x0fffffff};
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private Mutations() {
    }

    /** One to three mutations of {@code frame} (never the frame itself). */
    public static byte[] mutate(byte[] frame, Random random) {
        byte[] out = frame;
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            out = once(out, random);
        }
        return Arrays.equals(out, frame) && frame.length > 0 ? Arrays.copyOf(frame, frame.length - 1) : out;
    }

    private static byte[] once(byte[] in, Random random) {
        if (in.length == 0) {
            byte[] out = new byte[1 + random.nextInt(8)];
            random.nextBytes(out);
            return out;
        }
        byte[] out;
        int at = random.nextInt(in.length);
        switch (random.nextInt(7)) {
            case 0 -> {
                out = in.clone();
                out[at] ^= (byte) (1 << random.nextInt(8));
            }
            case 1 -> {
                out = in.clone();
                out[at] = BYTES[random.nextInt(BYTES.length)];
            }
            case 2 -> {
                out = in.clone();
                int v = INTS[random.nextInt(INTS.length)];
                for (int i = 0; i < 4 && at + i < out.length; i++) {
                    out[at + i] = (byte) (v >>> (24 - 8 * i));
                }
            }
            case 3 -> out = Arrays.copyOf(in, at);
            case 4 -> {
                byte[] extra = new byte[1 + random.nextInt(8)];
                random.nextBytes(extra);
                out = new byte[in.length + extra.length];
                System.arraycopy(in, 0, out, 0, at);
                System.arraycopy(extra, 0, out, at, extra.length);
                System.arraycopy(in, at, out, at + extra.length, in.length - at);
            }
            case 5 -> {
                int len = Math.min(in.length - at, 1 + random.nextInt(16));
                out = new byte[in.length - len];
                System.arraycopy(in, 0, out, 0, at);
                System.arraycopy(in, at + len, out, at, in.length - at - len);
            }
            default -> {
                int len = Math.min(in.length - at, 1 + random.nextInt(32));
                out = new byte[in.length + len];
                System.arraycopy(in, 0, out, 0, at + len);
                System.arraycopy(in, at, out, at + len, in.length - at);
            }
        }
        return out;
    }

    /** Heap bytes the current thread has allocated so far. */
    public static long allocated() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }
}
