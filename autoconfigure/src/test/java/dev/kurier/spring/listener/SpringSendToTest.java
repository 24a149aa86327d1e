package dev.kurier.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.spring.KurierAutoConfiguration;
import dev.kurier.spring.annotation.KurierListener;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.messaging.handler.annotation.SendTo;

/**
 * spring-messaging's {@code @SendTo} is recognised like {@code @KurierSendTo} when it is on the classpath (here it
 * is, in test scope): shown by the startup checks of a reply method (no broker needed; end to end see SendToTest).
 */
class SpringSendToTest {

    static final ApplicationContextRunner RUNNER = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KurierAutoConfiguration.class))
            .withPropertyValues("kurier.bootstrap-servers=127.0.0.1:1", "kurier.listener.auto-startup=false");

    static class VoidReply {
        @KurierListener(topics = "in")
        @SendTo("${reply.topic:out}")
        void on(String value) {
        }
    }

    static class TwoDestinations {
        @KurierListener(topics = "in")
        @SendTo({"a", "b"})
        String on(String value) {
            return value;
        }
    }

    static class Fine {
        @KurierListener(topics = "in")
        @SendTo("out")
        String on(String value) {
            return value;
        }
    }

    static class NoTopicNoDefault {
        @KurierListener(topics = "in")
        @SendTo
        String on(String value) {
            return value;
        }
    }


    private static ApplicationContextRunner with(Class<?> listener) {
        return RUNNER.withBean(listener);
    }

    @Test
    void aVoidMethodWithSpringsSendToFailsStartupNamingTheResolvedTopic() {
        with(VoidReply.class).withPropertyValues("reply.topic=replies").run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(ctx.getStartupFailure()).rootCause().hasMessageContaining("@SendTo(\"replies\")")
                    .hasMessageContaining("returns nothing");
        });
    }

    @Test
    void moreThanOneDestinationIsRejected() {
        with(TwoDestinations.class).run(ctx -> assertThat(ctx.getStartupFailure()).rootCause()
                .hasMessageContaining("names 2 destinations"));
    }

    @Test
    void withoutATopicOrDefaultRepliesGoWhereTheRequestAsks() {
        // A request/reply responder: the reply topic comes from each request's kurier_replyTopic header.
        with(NoTopicNoDefault.class).run(ctx -> assertThat(ctx).hasNotFailed());
        with(NoTopicNoDefault.class).withPropertyValues("kurier.template.default-topic=fallback")
                .run(ctx -> assertThat(ctx).hasNotFailed());
    }

    @Test
    void aReplyMethodStarts() {
        with(Fine.class).run(ctx -> {
            assertThat(ctx).hasNotFailed();
            assertThat(ctx.getBean(KurierListenerRegistry.class).containers()).hasSize(1);
        });
    }
}
