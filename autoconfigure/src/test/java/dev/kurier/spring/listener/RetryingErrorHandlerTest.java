package dev.kurier.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.common.Header;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.client.consumer.TimestampType;
import dev.kurier.spring.convert.PayloadConversionException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RetryingErrorHandlerTest {

    private static ConsumerRecord<byte[], byte[]> record(long offset) {
        return new ConsumerRecord<>("orders", 2, offset, 1234L, TimestampType.CREATE_TIME,
                "k".getBytes(StandardCharsets.UTF_8), "v".getBytes(StandardCharsets.UTF_8),
                List.of(Header.of("trace", "t-9")), 1, 1, -1);
    }

    @Test
    void retryableFailuresGetTheBackOffUntilAttemptsAreUsedUp() {
        RetryingErrorHandler h = new RetryingErrorHandler(BackOff.fixed(Duration.ofMillis(10), 3), Set.of(),
                new LoggingRecoverer());
        Exception e = new IllegalStateException("x");
        assertThat(h.retryDelay(1, e)).isEqualTo(Duration.ofMillis(10));
        assertThat(h.retryDelay(2, e)).isEqualTo(Duration.ofMillis(10));
        assertThat(h.retryDelay(3, e)).isNull();
    }

    @Test
    void notRetryableExceptionsMatchSubclassesAndCausesAndConversionFailuresAreNeverRetried() {
        RetryingErrorHandler h = new RetryingErrorHandler(BackOff.fixed(Duration.ofMillis(10), 5),
                Set.of(IllegalArgumentException.class), new LoggingRecoverer());
        assertThat(h.retryDelay(1, new IllegalArgumentException("bad"))).isNull();
        assertThat(h.retryDelay(1, new NumberFormatException("bad"))).isNull(); // a subclass
        assertThat(h.retryDelay(1, new RuntimeException(new IllegalArgumentException("inner")))).isNull();
        assertThat(h.retryDelay(1, new PayloadConversionException("no json", null))).isNull();
        assertThat(h.retryDelay(1, new UncheckedIOException(new java.io.IOException("io")))).isNotNull();
        assertThat(h.isRetryable(new IllegalStateException())).isTrue();
        assertThat(h.notRetryable()).contains(PayloadConversionException.class, IllegalArgumentException.class);
    }

    @Test
    void handlingRecoversEveryRecordOfABatchWithTheAttemptCount() throws Exception {
        List<String> recovered = new ArrayList<>();
        RetryingErrorHandler h = new RetryingErrorHandler(BackOff.NONE, Set.of(),
                (id, r, e, attempts) -> recovered.add(id + ":" + r.offset() + ":" + attempts + ":" + e.getMessage()));
        h.handle("l1", List.of(record(5), record(6)), new IllegalStateException("boom"), 4);
        assertThat(recovered).containsExactly("l1:5:4:boom", "l1:6:4:boom");
    }

    @Test
    void deadLetterHeadersCarryTheOriginalHeadersAndWhereAndWhy() {
        Exception e = new IllegalStateException("m".repeat(5000), new java.io.IOException("disk"));
        List<Header> hs = DeadLetterRecoverer.headers("l1", record(42), e, 3);
        Map<String, String> m = hs.stream().collect(Collectors.toMap(Header::key, Header::valueAsString));
        assertThat(hs.get(0).key()).isEqualTo("trace");
        assertThat(m).containsEntry("trace", "t-9")
                .containsEntry("kurier_dlt_original_topic", "orders")
                .containsEntry("kurier_dlt_original_partition", "2")
                .containsEntry("kurier_dlt_original_offset", "42")
                .containsEntry("kurier_dlt_original_timestamp", "1234")
                .containsEntry("kurier_dlt_exception_class", "java.lang.IllegalStateException")
                .containsEntry("kurier_dlt_exception_cause_class", "java.io.IOException")
                .containsEntry("kurier_dlt_attempts", "3")
                .containsEntry("kurier_dlt_listener_id", "l1");
        assertThat(m.get("kurier_dlt_exception_message")).hasSize(DeadLetterHeaders.MAX_MESSAGE_LENGTH).endsWith("…");
    }

    @Test
    void truncationKeepsShortMessagesAndNeverSplitsASurrogatePair() {
        assertThat(DeadLetterHeaders.truncate(null)).isEmpty();
        assertThat(DeadLetterHeaders.truncate("short")).isEqualTo("short");
        String s = "a".repeat(DeadLetterHeaders.MAX_MESSAGE_LENGTH - 2) + "😀" + "tail";
        String t = DeadLetterHeaders.truncate(s);
        assertThat(t).endsWith("…").doesNotContain("\uD83D…");
        assertThat(t.length()).isLessThanOrEqualTo(DeadLetterHeaders.MAX_MESSAGE_LENGTH);
    }

    @Test
    void suffixedDestinationAppendsTheSuffix() {
        Function<ConsumerRecord<byte[], byte[]>, String> d = DeadLetterRecoverer.suffixed(".DLT");
        assertThat(d.apply(record(1))).isEqualTo("orders.DLT");
    }
}
