package dev.kurier.spring.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.producer.ProducerRecord;
import dev.kurier.spring.KurierAutoConfiguration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.annotation.Order;

/** Every {@link SendInterceptor} bean wraps the template's sends, in their order (issue 19, defect 7). */
class SendInterceptorsTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KurierAutoConfiguration.class))
            .withPropertyValues("kurier.bootstrap-servers=127.0.0.1:1");

    static final List<String> CALLS = new CopyOnWriteArrayList<>();

    @Order(1)
    static final class First implements SendInterceptor {
        @Override
        public <K, V> CompletableFuture<SendResult<K, V>> intercept(ProducerRecord<K, V> record,
                Function<ProducerRecord<K, V>, CompletableFuture<SendResult<K, V>>> send) {
            CALLS.add("first");
            return send.apply(record);
        }
    }

    @Order(2)
    static final class Second implements SendInterceptor {
        @Override
        public <K, V> CompletableFuture<SendResult<K, V>> intercept(ProducerRecord<K, V> record,
                Function<ProducerRecord<K, V>, CompletableFuture<SendResult<K, V>>> send) {
            CALLS.add("second");
            return send.apply(record);
        }
    }

    @Test
    void twoInterceptorsBothWrapEverySendInOrder() {
        CALLS.clear();
        runner.withBean(Second.class).withBean(First.class).run(ctx -> {
            SendInterceptor i = ctx.getBean(KurierTemplate.class).sendInterceptor();
            assertThat(i).isNotNull();
            CompletableFuture<SendResult<String, String>> done = CompletableFuture.completedFuture(null);
            i.intercept(ProducerRecord.of("t", "k", "v"), r -> {
                CALLS.add("send");
                return done;
            });
            assertThat(CALLS).containsExactly("first", "second", "send");
        });
    }
}
