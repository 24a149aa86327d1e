package dev.kurier.spring.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.admin.Admin;
import dev.kurier.client.admin.ConfigEntry;
import dev.kurier.client.admin.ConfigResource;
import dev.kurier.client.admin.NewTopic;
import dev.kurier.spring.KurierAutoConfiguration;
import dev.kurier.testkit.junit.EmbeddedKafka;
import dev.kurier.testkit.junit.KafkaBrokerExtension;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Declared {@link NewTopic} beans on a real broker: missing topics are created, existing ones grow to the declared
 * partition count but never shrink, and with {@code kurier.admin.modify-topic-configs} the declared configs that
 * differ are set while the others stay.
 */
@EmbeddedKafka
class DeclaredTopicsTest {

    private static ApplicationContextRunner runner(Class<?> app, String... properties) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(KurierAutoConfiguration.class))
                .withUserConfiguration(app)
                .withPropertyValues("kurier.bootstrap-servers=" + KafkaBrokerExtension.sharedCluster().bootstrapServers(),
                        "kurier.admin.fail-fast=true")
                .withPropertyValues(properties);
    }

    @Configuration(proxyBeanMethods = false)
    static class First {
        @Bean
        NewTopic grows() {
            return new NewTopic("declared.grows", 2, (short) 1, Map.of("retention.ms", "3600000"));
        }

        @Bean
        NewTopic shrinks() {
            return NewTopic.of("declared.shrinks", 3, 1);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Second {
        @Bean
        NewTopic grows() {
            return new NewTopic("declared.grows", 4, (short) 1, Map.of("retention.ms", "7200000",
                    "cleanup.policy", "delete"));
        }

        @Bean
        NewTopic shrinks() {
            return NewTopic.of("declared.shrinks", 1, 1);
        }
    }

    private static Map<String, ConfigEntry> configs(Admin admin, String topic) throws Exception {
        ConfigResource r = ConfigResource.topic(topic);
        return admin.describeConfigs(List.of(r)).value(r).get(30, TimeUnit.SECONDS);
    }

    private static int partitions(Admin admin, String topic) throws Exception {
        return admin.describeTopics(List.of(topic), false).value(topic).get(30, TimeUnit.SECONDS).partitions().size();
    }

    @Test
    void declaredTopicsAreCreatedGrownAndReconfiguredButNeverShrunk() {
        runner(First.class).run(ctx -> {
            assertThat(ctx).hasNotFailed();
            Admin admin = ctx.getBean(Admin.class);
            assertThat(partitions(admin, "declared.grows")).isEqualTo(2);
            assertThat(configs(admin, "declared.grows").get("retention.ms").value()).isEqualTo("3600000");
        });
        runner(Second.class).run(ctx -> {
            assertThat(ctx).hasNotFailed();
            Admin admin = ctx.getBean(Admin.class);
            assertThat(partitions(admin, "declared.grows")).as("grown").isEqualTo(4);
            assertThat(partitions(admin, "declared.shrinks")).as("never shrunk").isEqualTo(3);
            assertThat(configs(admin, "declared.grows").get("retention.ms").value())
                    .as("configs left alone without kurier.admin.modify-topic-configs").isEqualTo("3600000");
        });
        runner(Second.class, "kurier.admin.modify-topic-configs=true").run(ctx -> {
            assertThat(ctx).hasNotFailed();
            Map<String, ConfigEntry> configs = configs(ctx.getBean(Admin.class), "declared.grows");
            assertThat(configs.get("retention.ms").value()).isEqualTo("7200000");
            assertThat(configs.get("retention.ms").source()).isEqualTo(ConfigEntry.Source.DYNAMIC_TOPIC_CONFIG);
            assertThat(configs.get("cleanup.policy").value()).isEqualTo("delete");
        });
    }
}
