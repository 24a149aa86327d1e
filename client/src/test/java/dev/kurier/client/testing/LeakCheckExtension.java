package dev.kurier.client.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Registered for every client test class (service loader + autodetection): after the class, forces a few
 * GCs so Netty's paranoid detector sees unreleased buffers, then fails the class if any leak was reported.
 */
public final class LeakCheckExtension implements AfterAllCallback {

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        for (int i = 0; i < 3 && LeakRecordingDetector.LEAKS.isEmpty(); i++) {
            System.gc();
            Thread.sleep(50);
            // Leak reports are emitted when a new buffer is tracked: allocate a few to flush the queue.
            for (int j = 0; j < 16; j++) {
                ByteBuf a = PooledByteBufAllocator.DEFAULT.buffer(16);
                ByteBuf b = UnpooledByteBufAllocator.DEFAULT.buffer(16);
                a.release();
                b.release();
            }
        }
        if (!LeakRecordingDetector.LEAKS.isEmpty()) {
            List<String> leaks = new ArrayList<>(LeakRecordingDetector.LEAKS);
            LeakRecordingDetector.LEAKS.clear();
            throw new AssertionError(leaks.size() + " ByteBuf leak(s) detected after " + context.getDisplayName()
                    + ":\n" + String.join("\n", leaks));
        }
    }
}
