package dev.kurier.spring;

import dev.kurier.client.admin.Admin;
import dev.kurier.client.admin.NewTopic;
import dev.kurier.client.protocol.Errors;
import dev.kurier.client.protocol.KafkaErrorException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Creates the topics declared as {@link NewTopic} beans that do not exist yet, once all singletons exist and
 * before listener containers start. Existing topics are left as they are. When the cluster cannot be reached or
 * creation fails, startup fails with {@code kurier.admin.fail-fast=true}, and logs a warning otherwise.
 */
public class KurierTopicCreator implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(KurierTopicCreator.class);

    private final Admin admin;
    private final ObjectProvider<NewTopic> topics;
    private final Duration timeout;
    private final boolean failFast;

    /** Creates {@code topics} with {@code admin}, each step bounded by {@code timeout}. */
    public KurierTopicCreator(Admin admin, ObjectProvider<NewTopic> topics, Duration timeout, boolean failFast) {
        this.admin = admin;
        this.topics = topics;
        this.timeout = timeout;
        this.failFast = failFast;
    }

    @Override
    public void afterSingletonsInstantiated() {
        List<NewTopic> declared = topics.orderedStream().toList();
        if (declared.isEmpty()) {
            return;
        }
        try {
            List<String> created = createMissing(declared);
            if (!created.isEmpty()) {
                log.info("created topics {}", created);
            }
        } catch (RuntimeException e) {
            String names = declared.stream().map(NewTopic::name).toList().toString();
            if (failFast) {
                throw new IllegalStateException("could not create the declared topics " + names
                        + " (kurier.admin.fail-fast=true): " + e.getMessage(), e);
            }
            log.warn("could not create the declared topics {}: {}", names, e.getMessage());
        }
    }

    /** Creates the topics of {@code declared} that do not exist; returns their names. */
    public List<String> createMissing(List<NewTopic> declared) {
        Set<String> existing = await(admin.listTopics());
        List<NewTopic> missing = declared.stream().filter(t -> !existing.contains(t.name())).toList();
        if (missing.isEmpty()) {
            return List.of();
        }
        try {
            await(admin.createTopics(missing));
        } catch (KafkaErrorException e) {
            if (e.error() != Errors.TOPIC_ALREADY_EXISTS) {
                throw e;
            }
            // created concurrently by someone else: what we wanted
        }
        return missing.stream().map(NewTopic::name).toList();
    }

    private <T> T await(java.util.concurrent.CompletableFuture<T> f) {
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer within " + timeout.toMillis() + " ms (kurier.admin.operation-timeout)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
