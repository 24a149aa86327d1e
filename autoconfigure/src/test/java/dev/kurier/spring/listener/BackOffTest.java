package dev.kurier.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackOffTest {

    @Test
    void fixedBackOffWaitsTheSameUntilTheAttemptsAreUsedUp() {
        BackOff b = BackOff.fixed(Duration.ofMillis(500), 4);
        assertThat(b.delayAfter(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(b.delayAfter(2)).isEqualTo(Duration.ofMillis(500));
        assertThat(b.delayAfter(3)).isEqualTo(Duration.ofMillis(500));
        assertThat(b.delayAfter(4)).isNull();
        assertThat(b.totalDelay()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void exponentialBackOffGrowsByTheMultiplierAndIsCappedAtTheMaxInterval() {
        BackOff b = new BackOff(Duration.ofMillis(100), 3.0, Duration.ofSeconds(2), 7);
        assertThat(b.delayAfter(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(b.delayAfter(2)).isEqualTo(Duration.ofMillis(300));
        assertThat(b.delayAfter(3)).isEqualTo(Duration.ofMillis(900));
        assertThat(b.delayAfter(4)).isEqualTo(Duration.ofMillis(2000)); // 2700 capped
        assertThat(b.delayAfter(6)).isEqualTo(Duration.ofMillis(2000));
        assertThat(b.delayAfter(7)).isNull();
        assertThat(b.totalDelay()).isEqualTo(Duration.ofMillis(100 + 300 + 900 + 2000 + 2000 + 2000));
    }

    @Test
    void manyAttemptsDoNotOverflow() {
        BackOff b = new BackOff(Duration.ofSeconds(1), 10.0, Duration.ofMinutes(1), Integer.MAX_VALUE);
        assertThat(b.delayAfter(5000)).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void oneAttemptMeansNoRetry() {
        assertThat(BackOff.NONE.delayAfter(1)).isNull();
        assertThat(BackOff.NONE.totalDelay()).isZero();
    }

    @Test
    void badValuesAreRejectedNamingTheValue() {
        assertThatThrownBy(() -> new BackOff(Duration.ofMillis(1), 1.0, Duration.ofMillis(1), 0))
                .hasMessageContaining("max attempts must be at least 1");
        assertThatThrownBy(() -> new BackOff(Duration.ofMillis(-1), 1.0, Duration.ofMillis(1), 2))
                .hasMessageContaining("initial interval");
        assertThatThrownBy(() -> new BackOff(Duration.ofMillis(1), 0.5, Duration.ofMillis(1), 2))
                .hasMessageContaining("multiplier");
        assertThatThrownBy(() -> new BackOff(Duration.ofMillis(1), Double.NaN, Duration.ofMillis(1), 2))
                .hasMessageContaining("multiplier");
        assertThatThrownBy(() -> new BackOff(Duration.ofSeconds(2), 2, Duration.ofSeconds(1), 2))
                .hasMessageContaining("max interval");
        assertThatThrownBy(() -> BackOff.NONE.delayAfter(0)).hasMessageContaining("start at 1");
    }
}
