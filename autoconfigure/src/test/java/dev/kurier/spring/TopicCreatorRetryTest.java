package dev.kurier.spring;

import static dev.kurier.spring.Eventually.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.admin.Admin;
import dev.kurier.client.admin.AdminResults;
import dev.kurier.client.admin.NewTopic;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/**
 * Declared topics are created as soon as the cluster answers, not skipped when it is unreachable at startup (issue
 * 19: the sample's 3-partition topic was otherwise auto-created later with the broker's default of 1).
 */
class TopicCreatorRetryTest {

    /** An admin whose cluster answers only after {@code unreachableCalls} calls of listTopics. */
    private static Admin admin(int unreachableCalls, List<String> created) {
        AtomicInteger calls = new AtomicInteger();
        return (Admin) Proxy.newProxyInstance(Admin.class.getClassLoader(), new Class<?>[] {Admin.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "listTopics" -> calls.incrementAndGet() <= unreachableCalls
                            ? CompletableFuture.failedFuture(new IllegalStateException("no broker answered"))
                            : CompletableFuture.completedFuture(Set.of());
                    case "createTopics" -> {
                        @SuppressWarnings("unchecked")
                        List<NewTopic> topics = (List<NewTopic>) args[0];
                        topics.forEach(t -> created.add(t.name() + ":" + t.partitions()));
                        yield new AdminResults<String, Void>(Map.of(topics.get(0).name(),
                                CompletableFuture.completedFuture(null)));
                    }
                    case "describeTopics" -> throw new AssertionError("nothing existed before");
                    case "toString" -> "fake admin";
                    case "hashCode" -> 0;
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @SuppressWarnings("unchecked")
    private static ObjectProvider<NewTopic> declared(NewTopic topic) {
        StaticListableBeanFactory f = new StaticListableBeanFactory(Map.of("orders", topic));
        return f.getBeanProvider(NewTopic.class);
    }

    @Test
    void topicsDeclaredWhileTheClusterIsUnreachableAreCreatedOnceItAnswers() {
        List<String> created = new CopyOnWriteArrayList<>();
        KurierTopicCreator creator = new KurierTopicCreator(admin(3, created), declared(NewTopic.of("orders", 3, 1)),
                Duration.ofSeconds(1), false, false, Duration.ofMillis(20));
        try {
            creator.afterSingletonsInstantiated(); // the cluster does not answer: startup goes on
            waitFor(Duration.ofSeconds(5), "created once the cluster answers", () -> !created.isEmpty());
            assertThat(created).containsExactly("orders:3");
        } finally {
            creator.destroy();
        }
    }
}
