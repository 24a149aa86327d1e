package dev.kurier.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.spring.listener.DeadLetterRecoverer;
import dev.kurier.spring.listener.KurierErrorHandler;
import dev.kurier.spring.listener.KurierListenerContainerFactory;
import dev.kurier.spring.listener.LoggingRecoverer;
import dev.kurier.spring.listener.RetryingErrorHandler;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Which error handler listeners get when they name none. */
class ErrorHandlerAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KurierAutoConfiguration.class))
            .withPropertyValues("kurier.bootstrap-servers=127.0.0.1:1");

    @Test
    void theDefaultRetriesThreeTimesAndLogs() {
        runner.run(ctx -> {
            KurierErrorHandler h = ctx.getBean(KurierListenerContainerFactory.class).defaultErrorHandler();
            assertThat(h).isInstanceOf(RetryingErrorHandler.class);
            RetryingErrorHandler r = (RetryingErrorHandler) h;
            assertThat(r.backOff().maxAttempts()).isEqualTo(3);
            assertThat(r.backOff().delayAfter(1)).isEqualTo(Duration.ofSeconds(1));
            assertThat(r.recoverer()).isInstanceOf(LoggingRecoverer.class);
        });
    }

    @Test
    void propertiesConfigureTheBackOffTheDeadLetterTopicAndNotRetryableExceptions() {
        runner.withPropertyValues("kurier.listener.error-handler.recoverer=dead-letter",
                "kurier.listener.error-handler.max-attempts=5",
                "kurier.listener.error-handler.back-off.initial-interval=100ms",
                "kurier.listener.error-handler.back-off.multiplier=2",
                "kurier.listener.error-handler.back-off.max-interval=300ms",
                "kurier.listener.error-handler.not-retryable-exceptions=java.lang.IllegalArgumentException,"
                        + "java.lang.UnsupportedOperationException").run(ctx -> {
            RetryingErrorHandler r = (RetryingErrorHandler) ctx.getBean(KurierListenerContainerFactory.class)
                    .defaultErrorHandler();
            assertThat(r.recoverer()).isInstanceOf(DeadLetterRecoverer.class);
            assertThat(r.retryDelay(1, new IllegalStateException())).isEqualTo(Duration.ofMillis(100));
            assertThat(r.retryDelay(2, new IllegalStateException())).isEqualTo(Duration.ofMillis(200));
            assertThat(r.retryDelay(3, new IllegalStateException())).isEqualTo(Duration.ofMillis(300));
            assertThat(r.retryDelay(5, new IllegalStateException())).isNull();
            assertThat(r.retryDelay(1, new IllegalArgumentException())).isNull();
            assertThat(r.retryDelay(1, new UnsupportedOperationException())).isNull();
        });
    }

    @Test
    void anErrorHandlerBeanMeantForOneListenerDoesNotBecomeEveryListenersDefault() {
        KurierErrorHandler mine = (id, records, error) -> { };
        runner.withBean("myHandler", KurierErrorHandler.class, () -> mine).run(ctx ->
                assertThat(ctx.getBean(KurierListenerContainerFactory.class).defaultErrorHandler())
                        .isInstanceOf(RetryingErrorHandler.class));
    }

    @Test
    void aPrimaryErrorHandlerBeanIsTheDefault() {
        KurierErrorHandler mine = (id, records, error) -> { };
        KurierErrorHandler other = (id, records, error) -> { };
        runner.withBean("other", KurierErrorHandler.class, () -> other)
                .withBean("myHandler", KurierErrorHandler.class, () -> mine, d -> d.setPrimary(true)).run(ctx ->
                assertThat(ctx.getBean(KurierListenerContainerFactory.class).defaultErrorHandler()).isSameAs(mine));
    }

    @Test
    void theDefaultErrorHandlerCanBeNamed() {
        KurierErrorHandler mine = (id, records, error) -> { };
        KurierErrorHandler other = (id, records, error) -> { };
        runner.withPropertyValues("kurier.listener.error-handler.bean=myHandler")
                .withBean("other", KurierErrorHandler.class, () -> other)
                .withBean("myHandler", KurierErrorHandler.class, () -> mine).run(ctx ->
                assertThat(ctx.getBean(KurierListenerContainerFactory.class).defaultErrorHandler()).isSameAs(mine));
    }

    @Test
    void aMissingNamedDefaultErrorHandlerFailsStartup() {
        runner.withPropertyValues("kurier.listener.error-handler.bean=nope").run(ctx ->
                assertThat(ctx).getFailure().rootCause().hasMessageContaining("kurier.listener.error-handler.bean")
                        .hasMessageContaining("nope"));
    }
}
