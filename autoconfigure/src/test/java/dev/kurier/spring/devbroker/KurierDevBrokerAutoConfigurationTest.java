package dev.kurier.spring.devbroker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.KurierClient;
import dev.kurier.spring.KurierAutoConfiguration;
import dev.kurier.spring.KurierConnectionDetails;
import dev.kurier.spring.PropertiesKurierConnectionDetails;
import dev.kurier.spring.health.KurierHealthAutoConfiguration;
import dev.kurier.spring.health.KurierHealthIndicator;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class KurierDevBrokerAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KurierDevBrokerAutoConfiguration.class, KurierAutoConfiguration.class,
                    KurierHealthAutoConfiguration.class));

    @Test
    void noDevBrokerWhenServersAreSetDisabledOrTheTestkitIsAbsent() {
        runner.withPropertyValues("kurier.bootstrap-servers=127.0.0.1:1").run(ctx -> {
            assertThat(ctx).hasNotFailed().doesNotHaveBean(KurierDevBroker.class);
            assertThat(ctx.getBean(KurierConnectionDetails.class)).isInstanceOf(PropertiesKurierConnectionDetails.class);
        });
        runner.withPropertyValues("kurier.bootstrap-servers[0]=127.0.0.1:1").run(ctx ->
                assertThat(ctx).hasNotFailed().doesNotHaveBean(KurierDevBroker.class));
        runner.withPropertyValues("kurier.dev-broker.enabled=false").run(ctx -> {
            assertThat(ctx).hasNotFailed().doesNotHaveBean(KurierDevBroker.class);
            assertThat(ctx.getBean(KurierClient.class).config().bootstrapEndpoints()).hasToString("[localhost:9092]");
        });
        runner.withClassLoader(new FilteredClassLoader("dev.kurier.testkit")).run(ctx ->
                assertThat(ctx).hasNotFailed().doesNotHaveBean(KurierDevBroker.class));
    }

    @Test
    void noDevBrokerInTestsOrFromAPackagedJarUnlessEnabled() {
        // This test runs under JUnit: without opting in, nothing starts (the client gets its default address).
        runner.run(ctx -> {
            assertThat(ctx).hasNotFailed().doesNotHaveBean(KurierDevBroker.class);
            assertThat(ctx.getBean(KurierClient.class).config().bootstrapEndpoints()).hasToString("[localhost:9092]");
        });
        assertThat(DevelopmentMode.reasonNotDevelopment(
                new StackTraceElement[] {new StackTraceElement("org.junit.platform.launcher.core.X", "run", null, 1)},
                "dev.kurier.samples.orders.OrdersApplication", ClassLoader.getSystemClassLoader()))
                .contains("test");
        assertThat(DevelopmentMode.reasonNotDevelopment(new StackTraceElement[0],
                "samples/target/kurier-samples-0.1.0.jar", ClassLoader.getSystemClassLoader())).contains("jar");
        assertThat(DevelopmentMode.reasonNotDevelopment(new StackTraceElement[0],
                "dev.kurier.samples.orders.OrdersApplication", ClassLoader.getSystemClassLoader())).isNull();
    }

    @Test
    void startsABrokerBeforeTheClientWhenNoServersAreSet() {
        runner.withPropertyValues("kurier.dev-broker.enabled=true").run(ctx -> {
            assertThat(ctx).hasNotFailed().hasSingleBean(KurierDevBroker.class);
            KurierDevBroker broker = ctx.getBean(KurierDevBroker.class);
            assertThat(broker.bootstrapServers()).startsWith("127.0.0.1:");
            assertThat(ctx.getBean(KurierClient.class).config().bootstrapEndpoints().toString())
                    .isEqualTo("[" + broker.bootstrapServers() + "]");
            assertThat(ctx.getBean(KurierHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
        });
    }
}
