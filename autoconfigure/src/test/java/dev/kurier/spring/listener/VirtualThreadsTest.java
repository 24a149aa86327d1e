package dev.kurier.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kurier.spring.KurierAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code kurier.listener.virtual-threads}: virtual workers on Java 21+, a clear startup error before. */
class VirtualThreadsTest {

    @Test
    void virtualWorkersOnJava21OrAClearErrorBefore() throws Exception {
        ApplicationContextRunner runner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(KurierAutoConfiguration.class))
                .withPropertyValues("kurier.bootstrap-servers=127.0.0.1:1", "kurier.listener.virtual-threads=true");
        if (Runtime.version().feature() >= 21) {
            runner.run(ctx -> assertThat(ctx).hasNotFailed());
            Thread t = WorkerThreads.virtual().newThread(() -> { });
            assertThat(t.isDaemon()).isTrue();
            assertThat(Thread.class.getMethod("isVirtual").invoke(t)).isEqualTo(true);
            // a container's listener calls run on them
            FakeLog log = new FakeLog("orders", 1);
            log.append("orders", 0, null, "v");
            java.util.concurrent.CompletableFuture<Thread> ran = new java.util.concurrent.CompletableFuture<>();
            ListenerContainer c = new ListenerContainer(ListenerEndpoint.of("virtual", "orders"),
                    (records, ack) -> ran.complete(Thread.currentThread()), new LoggingErrorHandler(),
                    () -> new FakeRecordSource(log, 10, 0), ContainerSettings.defaults(), ListenerObserver.NOOP);
            c.setWorkerThreads(WorkerThreads.virtual());
            c.start();
            try {
                Thread worker = ran.get(10, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(Thread.class.getMethod("isVirtual").invoke(worker)).isEqualTo(true);
                assertThat(worker.getName()).isEqualTo("kurier-listener-virtual-0");
            } finally {
                c.stop();
            }
        } else {
            runner.run(ctx -> assertThat(ctx).getFailure().rootCause()
                    .hasMessageContaining("kurier.listener.virtual-threads=true needs Java 21"));
            assertThatThrownBy(WorkerThreads::virtual).hasMessageContaining("Java " + Runtime.version().feature());
        }
    }
}
