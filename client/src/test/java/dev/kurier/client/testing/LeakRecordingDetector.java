package dev.kurier.client.testing;

import io.netty.util.ResourceLeakDetector;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Netty leak detector installed for client tests (io.netty.customResourceLeakDetector): it records every
 * leak report so {@link LeakCheckExtension} can fail the test class instead of only logging.
 */
public final class LeakRecordingDetector<T> extends ResourceLeakDetector<T> {

    static final List<String> LEAKS = new CopyOnWriteArrayList<>();

    /** Constructor Netty's factory calls reflectively. */
    public LeakRecordingDetector(Class<?> resourceType, int samplingInterval) {
        super(resourceType, samplingInterval);
    }

    /** Constructor Netty's factory calls reflectively. */
    public LeakRecordingDetector(Class<?> resourceType, int samplingInterval, long maxActive) {
        super(resourceType, samplingInterval);
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
        LEAKS.add(resourceType + " leaked:" + records);
        super.reportTracedLeak(resourceType, records);
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
        LEAKS.add(resourceType + " leaked (untraced)");
        super.reportUntracedLeak(resourceType);
    }
}
