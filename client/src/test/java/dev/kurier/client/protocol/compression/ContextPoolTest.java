package dev.kurier.client.protocol.compression;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ContextPoolTest {

    private final AtomicInteger created = new AtomicInteger();
    private final List<String> disposed = new ArrayList<>();
    private final List<String> reset = new ArrayList<>();

    private ContextPool<String> pool(int maxIdle) {
        return new ContextPool<>(() -> "ctx" + created.incrementAndGet(), reset::add, disposed::add, maxIdle);
    }

    @Test
    void reusesResetContexts() {
        ContextPool<String> pool = pool(2);
        String first = pool.borrow();
        pool.release(first);
        assertThat(reset).containsExactly("ctx1");
        assertThat(pool.borrow()).isEqualTo(first);
        assertThat(created).hasValue(1);
    }

    @Test
    void keepsAtMostMaxIdleAndDisposesTheRest() {
        ContextPool<String> pool = pool(2);
        List<String> borrowed = List.of(pool.borrow(), pool.borrow(), pool.borrow());
        borrowed.forEach(pool::release);
        assertThat(pool.idleCount()).isEqualTo(2);
        assertThat(disposed).containsExactly("ctx3");
    }

    @Test
    void disposesContextsThatFailToReset() {
        ContextPool<String> pool = new ContextPool<>(() -> "bad", ctx -> {
            throw new IllegalStateException("cannot reset");
        }, disposed::add, 2);
        pool.release(pool.borrow());
        assertThat(pool.idleCount()).isZero();
        assertThat(disposed).containsExactly("bad");
    }
}
