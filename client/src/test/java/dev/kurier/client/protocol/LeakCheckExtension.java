package dev.kurier.client.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty reports a leaked buffer. It installs a leak-detector factory that records every
 * report, and after the class forces garbage collection and a few allocations so that leaks surface.
 *
 * <p>The factory must be installed before Netty creates its buffer leak detector, i.e. before the first
 * {@link ByteBuf} class is initialised; a static initializer here does that when the extension loads first.
 */
public final class LeakCheckExtension implements AfterAllCallback {

    private static final List<String> LEAKS = new ArrayList<>();
    private static final boolean INSTALLED;

    static {
        ResourceLeakDetectorFactory defaults = ResourceLeakDetectorFactory.instance();
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new ResourceLeakDetectorFactory() {
            @Override
            public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
                                                                       long maxActive) {
                ResourceLeakDetector<T> detector = defaults.newResourceLeakDetector(resource, samplingInterval, maxActive);
                detector.setLeakListener((type, records) -> {
                    synchronized (LEAKS) {
                        LEAKS.add(type + ": " + records);
                    }
                });
                return detector;
            }
        });
        // Touch a buffer class now so its detector comes from the factory above.
        UnpooledByteBufAllocator.DEFAULT.buffer(1).release();
        INSTALLED = true;
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (!INSTALLED || ResourceLeakDetector.getLevel() != ResourceLeakDetector.Level.PARANOID) {
            return;
        }
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(20);
            // Leak reports are produced when new buffers are tracked.
            for (int j = 0; j < 8; j++) {
                PooledByteBufAllocator.DEFAULT.buffer(16).release();
                UnpooledByteBufAllocator.DEFAULT.buffer(16).release();
                PooledByteBufAllocator.DEFAULT.directBuffer(16).release();
            }
        }
        synchronized (LEAKS) {
            if (!LEAKS.isEmpty()) {
                String report = String.join("\n\n", LEAKS);
                LEAKS.clear();
                throw new AssertionError("Netty reported leaked buffers after " + context.getDisplayName() + ":\n" + report);
            }
        }
    }
}
