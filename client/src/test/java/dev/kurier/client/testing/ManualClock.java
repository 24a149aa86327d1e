package dev.kurier.client.testing;

import dev.kurier.client.common.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A {@link Clock} that moves only when a test says so: timeouts of an hour pass in a call. */
public final class ManualClock implements Clock {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final AtomicLong millis = new AtomicLong(1_750_000_000_000L);

    @Override
    public long nanoTime() {
        return nanos.get();
    }

    @Override
    public long currentTimeMillis() {
        return millis.get();
    }

    /** Moves both readings on by {@code d}. */
    public void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
        millis.addAndGet(d.toMillis());
    }
}
