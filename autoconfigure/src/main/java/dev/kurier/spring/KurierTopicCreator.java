package dev.kurier.spring;

import dev.kurier.client.admin.Admin;
import dev.kurier.client.admin.AlterConfigOp;
import dev.kurier.client.admin.ConfigEntry;
import dev.kurier.client.admin.ConfigResource;
import dev.kurier.client.admin.NewTopic;
import dev.kurier.client.admin.TopicDescription;
import dev.kurier.client.protocol.Errors;
import dev.kurier.client.protocol.KafkaErrorException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Brings the topics declared as {@link NewTopic} beans to what they declare, once all singletons exist and before
 * listener containers start: creates the missing ones, grows the ones with fewer partitions than declared, and
 * with {@code kurier.admin.modify-topic-configs=true} sets the declared configs whose values differ. It never
 * shrinks a topic (a WARN says so), never deletes one and never removes a config; every change is logged. When the
 * cluster cannot be reached or a change fails, startup fails with {@code kurier.admin.fail-fast=true}; otherwise a
 * WARN says so and a background thread tries again (1 s, doubling to 30 s) until it succeeds, so the topics are
 * created as declared as soon as the cluster answers, before anything auto-creates them with the broker's defaults
 * (and one auto-created meanwhile is grown to the declared partitions).
 */
public class KurierTopicCreator implements SmartInitializingSingleton, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(KurierTopicCreator.class);

    private final Admin admin;
    private final ObjectProvider<NewTopic> topics;
    private final Duration timeout;
    private final boolean failFast;
    private final boolean modifyConfigs;
    private final Duration firstRetry;
    private volatile Thread retrying;
    private volatile boolean closed;

    /** Creates {@code topics} with {@code admin}, each step bounded by {@code timeout}; configs are not modified. */
    public KurierTopicCreator(Admin admin, ObjectProvider<NewTopic> topics, Duration timeout, boolean failFast) {
        this(admin, topics, timeout, failFast, false);
    }

    /**
     * Creates and grows {@code topics} with {@code admin}, each step bounded by {@code timeout}; with
     * {@code modifyConfigs}, also sets the declared configs that differ on existing topics.
     */
    public KurierTopicCreator(Admin admin, ObjectProvider<NewTopic> topics, Duration timeout, boolean failFast,
                              boolean modifyConfigs) {
        this(admin, topics, timeout, failFast, modifyConfigs, Duration.ofSeconds(1));
    }

    /** As above; when the first attempt fails (not fail-fast), tries again after {@code firstRetry}, doubling. */
    public KurierTopicCreator(Admin admin, ObjectProvider<NewTopic> topics, Duration timeout, boolean failFast,
                              boolean modifyConfigs, Duration firstRetry) {
        this.firstRetry = firstRetry;
        this.admin = admin;
        this.topics = topics;
        this.timeout = timeout;
        this.failFast = failFast;
        this.modifyConfigs = modifyConfigs;
    }

    @Override
    public void afterSingletonsInstantiated() {
        List<NewTopic> declared = topics.orderedStream().toList();
        if (declared.isEmpty()) {
            return;
        }
        try {
            apply(declared);
        } catch (RuntimeException e) {
            String names = declared.stream().map(NewTopic::name).toList().toString();
            if (failFast) {
                throw new IllegalStateException("could not create the declared topics " + names
                        + " (kurier.admin.fail-fast=true): " + e.getMessage(), e);
            }
            log.warn("could not create the declared topics {} yet: {}; trying again in the background until the "
                    + "cluster answers", names, e.getMessage());
            Thread t = new Thread(() -> retry(declared, names), "kurier-topic-creator");
            t.setDaemon(true);
            retrying = t;
            t.start();
        }
    }

    private void apply(List<NewTopic> declared) {
        List<String> created = createMissing(declared);
        if (!created.isEmpty()) {
            log.info("created topics {}", created);
        }
        List<NewTopic> existing = declared.stream().filter(t -> !created.contains(t.name())).toList();
        growPartitions(existing);
        if (modifyConfigs) {
            applyConfigs(existing);
        }
    }

    private void retry(List<NewTopic> declared, String names) {
        long waitMillis = Math.max(1, firstRetry.toMillis());
        while (!closed) {
            try {
                Thread.sleep(waitMillis);
            } catch (InterruptedException e) {
                return; // closing
            }
            try {
                apply(declared);
                log.info("the declared topics {} are in place", names);
                return;
            } catch (RuntimeException e) {
                log.debug("declared topics {} still not in place: {}", names, e.getMessage());
            }
            waitMillis = Math.min(30_000, waitMillis * 2);
        }
    }

    /** Stops trying again in the background. */
    @Override
    public void destroy() {
        closed = true;
        Thread t = retrying;
        if (t != null) {
            t.interrupt();
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
            await(admin.createTopics(missing).all());
        } catch (KafkaErrorException e) {
            if (e.error() != Errors.TOPIC_ALREADY_EXISTS) {
                throw e;
            }
            // created concurrently by someone else: what we wanted
        }
        return missing.stream().map(NewTopic::name).toList();
    }

    /** Grows the existing topics that have fewer partitions than declared; never shrinks (a WARN says so). */
    public void growPartitions(List<NewTopic> declared) {
        List<NewTopic> sized = declared.stream().filter(t -> t.partitions() > 0).toList();
        if (sized.isEmpty()) {
            return;
        }
        Map<String, TopicDescription> described = await(admin.describeTopics(
                sized.stream().map(NewTopic::name).toList(), false).all());
        Map<String, Integer> grow = new LinkedHashMap<>();
        for (NewTopic t : sized) {
            int has = described.get(t.name()).partitions().size();
            if (has < t.partitions()) {
                grow.put(t.name(), t.partitions());
                log.info("topic {} has {} partitions and declares {}: adding {}", t.name(), has, t.partitions(),
                        t.partitions() - has);
            } else if (has > t.partitions()) {
                log.warn("topic {} has {} partitions but its NewTopic bean declares {}: topics never shrink; change "
                        + "the bean or recreate the topic", t.name(), has, t.partitions());
            }
        }
        if (!grow.isEmpty()) {
            await(admin.createPartitions(grow).all());
        }
    }

    /** Sets the declared configs of existing topics whose values differ; others are left as they are. */
    public void applyConfigs(List<NewTopic> declared) {
        List<NewTopic> configured = declared.stream().filter(t -> !t.configs().isEmpty()).toList();
        if (configured.isEmpty()) {
            return;
        }
        List<ConfigResource> resources = configured.stream().map(t -> ConfigResource.topic(t.name())).toList();
        Map<ConfigResource, Map<String, ConfigEntry>> current = await(admin.describeConfigs(resources).all());
        Map<ConfigResource, List<AlterConfigOp>> changes = new LinkedHashMap<>();
        for (NewTopic t : configured) {
            ConfigResource r = ConfigResource.topic(t.name());
            Map<String, ConfigEntry> has = current.get(r);
            t.configs().forEach((key, value) -> {
                ConfigEntry entry = has.get(key);
                String now = entry == null ? null : entry.value();
                if (!value.equals(now)) {
                    changes.computeIfAbsent(r, x -> new ArrayList<>()).add(AlterConfigOp.set(key, value));
                    log.info("topic {}: setting {} from {} to {} as its NewTopic bean declares", t.name(), key,
                            entry == null || entry.sensitive() ? "(unset)" : now, value);
                }
            });
        }
        if (!changes.isEmpty()) {
            await(admin.incrementalAlterConfigs(changes).all());
        }
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
