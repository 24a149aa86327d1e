package dev.kurier.spring.listener;

import java.time.Duration;

import org.springframework.boot.convert.DurationStyle;

import dev.kurier.client.admin.NewTopic;

import dev.kurier.client.admin.Admin;

import dev.kurier.spring.annotation.KurierRetryableTopic;

import dev.kurier.client.common.TopicPartition;

import dev.kurier.spring.annotation.KurierPartitionOffset;

import dev.kurier.spring.annotation.KurierTopicPartition;

import dev.kurier.spring.KurierProperties.AckMode;
import dev.kurier.spring.annotation.KurierListener;
import dev.kurier.spring.annotation.KurierSendTo;
import dev.kurier.spring.core.KurierTemplate;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.BeanInitializationException;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanExpressionContext;
import org.springframework.beans.factory.config.BeanExpressionResolver;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationAttributes;
import org.springframework.util.ClassUtils;

/**
 * Finds {@link KurierListener} methods on beans and registers a {@link ListenerContainer} for each with the
 * {@link KurierListenerRegistry}. Attributes are resolved here: {@code ${...}} placeholders, then {@code #{...}}
 * SpEL, then the {@code kurier.listener.*} defaults. Containers are created once all singletons exist (so the
 * registry, factory and error handler beans are never created early); beans created later register at once.
 */
public class KurierListenerAnnotationBeanPostProcessor
        implements BeanPostProcessor, SmartInitializingSingleton, BeanFactoryAware, Ordered {

    private static final org.slf4j.Logger log =
            org.slf4j.LoggerFactory.getLogger(KurierListenerAnnotationBeanPostProcessor.class);

    /** spring-messaging's {@code @SendTo}, when on the classpath (it is optional). */
    private static final Class<? extends Annotation> SPRING_SEND_TO = springSendTo();

    private final Set<Class<?>> plainClasses = ConcurrentHashMap.newKeySet();
    private final List<Pending> pending = new ArrayList<>();
    private ConfigurableListableBeanFactory beanFactory;
    private volatile boolean singletonsReady;

    private record Pending(Object bean, String beanName, Method method, KurierListener annotation) {
    }

    @SuppressWarnings("unchecked")
    private static Class<? extends Annotation> springSendTo() {
        String name = "org.springframework.messaging.handler.annotation.SendTo";
        ClassLoader cl = KurierListenerAnnotationBeanPostProcessor.class.getClassLoader();
        if (!ClassUtils.isPresent(name, cl)) {
            return null;
        }
        try {
            return (Class<? extends Annotation>) ClassUtils.forName(name, cl);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        if (!(beanFactory instanceof ConfigurableListableBeanFactory clbf)) {
            throw new IllegalStateException("@KurierListener processing needs a ConfigurableListableBeanFactory");
        }
        this.beanFactory = clbf;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
        Class<?> target = AopProxyUtils.ultimateTargetClass(bean);
        if (plainClasses.contains(target)) {
            return bean;
        }
        Map<Method, KurierListener> methods = MethodIntrospector.selectMethods(target,
                (MethodIntrospector.MetadataLookup<KurierListener>) m ->
                        AnnotatedElementUtils.findMergedAnnotation(m, KurierListener.class));
        if (methods.isEmpty()) {
            plainClasses.add(target);
            return bean;
        }
        synchronized (pending) {
            methods.forEach((m, a) -> pending.add(new Pending(bean, beanName, m, a)));
        }
        if (singletonsReady) {
            registerPending();
        }
        return bean;
    }

    @Override
    public void afterSingletonsInstantiated() {
        singletonsReady = true;
        registerPending();
    }

    private void registerPending() {
        List<Pending> todo;
        synchronized (pending) {
            todo = new ArrayList<>(pending);
            pending.clear();
        }
        if (todo.isEmpty()) {
            return;
        }
        KurierListenerRegistry registry = beanFactory.getBean(KurierListenerRegistry.class);
        KurierListenerContainerFactory factory = beanFactory.getBean(KurierListenerContainerFactory.class);
        for (Pending p : todo) {
            String where = "@KurierListener on " + ListenerMethodAdapter.describe(p.method()) + " (bean '"
                    + p.beanName() + "')";
            try {
                ListenerEndpoint endpoint = endpoint(p, factory);
                KurierErrorHandler errorHandler = errorHandler(p.annotation());
                KurierRetryableTopic retryable = AnnotatedElementUtils.findMergedAnnotation(p.method(),
                        KurierRetryableTopic.class);
                String shareGroup = resolveString(p.annotation().shareGroup());
                if (shareGroup != null && !shareGroup.isBlank()) {
                    if (retryable != null) {
                        throw new IllegalArgumentException("@KurierRetryableTopic does not go with a shareGroup: a"
                                + " share group delivers a failed record again itself (kurier.listener.share.*)");
                    }
                    registry.register(factory.createShareContainer(shareEndpoint(endpoint, p.annotation(),
                            shareGroup.trim()), p.bean(), p.method(), errorHandler, replySender(p.method()),
                            filter(p.annotation())));
                    continue;
                }
                if (retryable != null) {
                    registerRetryStages(registry, factory, p, endpoint, retryable);
                    continue;
                }
                registry.register(factory.createContainer(endpoint, p.bean(), p.method(), errorHandler,
                        replySender(p.method()), filter(p.annotation())));
            } catch (BeanInitializationException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new BeanInitializationException(where + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Non-blocking retries: the main container and one per retry stage (its own group {@code <group>-retry-N}, so a
     * stage waiting for its records' due time holds up nothing else), all forwarding failures to the next stage.
     */
    private void registerRetryStages(KurierListenerRegistry registry, KurierListenerContainerFactory factory,
                                     Pending p, ListenerEndpoint endpoint, KurierRetryableTopic a) {
        if (endpoint.batch()) {
            throw new IllegalArgumentException("@KurierRetryableTopic works with record listeners only");
        }
        if (endpoint.topicPattern() != null) {
            throw new IllegalArgumentException("@KurierRetryableTopic needs topics, not a topicPattern");
        }
        RetryTopics stages;
        try {
            stages = new RetryTopics(Integer.parseInt(resolveString(a.attempts()).trim()),
                    DurationStyle.detectAndParse(resolveString(a.delay()).trim()),
                    Double.parseDouble(resolveString(a.multiplier()).trim()),
                    DurationStyle.detectAndParse(resolveString(a.maxDelay()).trim()));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("@KurierRetryableTopic: " + e.getMessage(), e);
        }
        KurierErrorHandler forward = stages.forwarder(() -> {
            KurierTemplate<?, ?> t = beanFactory.getBeanProvider(KurierTemplate.class).getIfUnique();
            if (t == null) {
                throw new IllegalStateException("@KurierRetryableTopic needs a single KurierTemplate bean");
            }
            return t;
        }, Duration.ofSeconds(30));
        createRetryTopics(endpoint.topics(), stages);
        ReplySender replies = replySender(p.method());
        RecordFilter filter = filter(p.annotation());
        registry.register(factory.createContainer(endpoint, p.bean(), p.method(), forward, replies, filter));
        for (int stage = 1; stage < stages.attempts(); stage++) {
            int s = stage;
            ListenerEndpoint e = new ListenerEndpoint(endpoint.id() + "-retry-" + stage,
                    endpoint.topics().stream().map(t -> RetryTopics.retryTopic(t, s)).toList(), null, List.of(),
                    endpoint.groupId() == null ? null : endpoint.groupId() + "-retry-" + stage, endpoint.concurrency(),
                    endpoint.ordering(), false, endpoint.ackMode(), endpoint.autoStartup(),
                    endpoint.consumerProperties());
            registry.register(factory.createContainer(e, p.bean(), p.method(), forward, replies, filter,
                    RetryTopics::delaying));
        }
    }

    /** Creates missing retry and dead-letter topics like their main topic (best effort: a WARN when it fails). */
    private void createRetryTopics(List<String> topics, RetryTopics stages) {
        Admin admin = beanFactory.getBeanProvider(Admin.class).getIfAvailable();
        if (admin == null) {
            return;
        }
        try {
            java.util.Set<String> existing = admin.listTopics().get(30, java.util.concurrent.TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String topic : topics) {
                int partitions = -1;
                if (existing.contains(topic)) {
                    partitions = admin.describeTopics(List.of(topic)).get(30, java.util.concurrent.TimeUnit.SECONDS)
                            .get(topic).partitions().size();
                }
                List<String> wanted = new ArrayList<>();
                for (int stage = 1; stage < stages.attempts(); stage++) {
                    wanted.add(RetryTopics.retryTopic(topic, stage));
                }
                wanted.add(RetryTopics.deadLetterTopic(topic));
                for (String w : wanted) {
                    if (!existing.contains(w)) {
                        missing.add(new NewTopic(w, partitions, (short) -1, java.util.Map.of()));
                    }
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, java.util.concurrent.TimeUnit.SECONDS);
                log.info("created retry topics {}", missing.stream().map(NewTopic::name).toList());
            }
        } catch (Exception e) {
            log.warn("could not create the retry topics of {} yet ({}); they are needed before a record fails",
                    topics, e.getMessage());
        }
    }

    private ListenerEndpoint endpoint(Pending p, KurierListenerContainerFactory factory) {
        KurierListener a = p.annotation();
        var defaults = factory.listenerDefaults();
        String id = resolveString(a.id());
        if (id == null || id.isBlank()) {
            id = p.beanName() + "." + p.method().getName();
        }
        List<String> topics = new ArrayList<>();
        for (String t : a.topics()) {
            topics.addAll(resolveList(t));
        }
        Pattern pattern = null;
        if (!a.topicPattern().isEmpty()) {
            Object v = resolve(a.topicPattern());
            try {
                pattern = v instanceof Pattern pt ? pt : Pattern.compile(String.valueOf(v).trim());
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("topicPattern is not a regular expression: " + e.getMessage(), e);
            }
        }
        List<TopicPartition> topicPartitions = new ArrayList<>();
        Map<TopicPartition, Long> initialOffsets = new java.util.LinkedHashMap<>();
        if (a.topicPartitions().length > 0 && !topics.isEmpty()) {
            throw new IllegalArgumentException("set topics or topicPartitions, not both");
        }
        for (KurierTopicPartition tpa : a.topicPartitions()) {
            String topic = resolveString(tpa.topic());
            if (topic == null || topic.isBlank()) {
                throw new IllegalArgumentException("a topicPartitions entry has no topic");
            }
            topic = topic.trim();
            for (String s : tpa.partitions()) {
                for (String part : resolveList(s)) {
                    for (int pn : parsePartitions(part)) {
                        topicPartitions.add(new TopicPartition(topic, pn));
                    }
                }
            }
            for (KurierPartitionOffset po : tpa.partitionOffsets()) {
                TopicPartition tp = new TopicPartition(topic, Integer.parseInt(resolveString(po.partition()).trim()));
                String initial = resolveString(po.initialOffset());
                try {
                    initialOffsets.put(tp, Long.parseLong(initial.trim()));
                } catch (NumberFormatException | NullPointerException e) {
                    throw new IllegalArgumentException("initialOffset '" + initial + "' of " + tp + " is not a number");
                }
                if (!topicPartitions.contains(tp)) {
                    topicPartitions.add(tp);
                }
            }
            if (!topics.contains(topic)) {
                topics.add(topic);
            }
        }
        if (!topics.isEmpty() && pattern != null) {
            throw new IllegalArgumentException("set topics (or topicPartitions) or topicPattern, not both");
        }
        if (topics.isEmpty() && pattern == null) {
            throw new IllegalArgumentException("no topics: set topics (or topicPattern); placeholders that resolve to "
                    + "an empty value count as none");
        }
        List<Integer> partitions = new ArrayList<>();
        for (String s : a.partitions()) {
            for (String part : resolveList(s)) {
                partitions.addAll(parsePartitions(part));
            }
        }
        String groupId = resolveString(a.groupId());
        if (groupId == null || groupId.isBlank()) {
            groupId = factory.defaultGroupId();
        }
        int concurrency = defaults.getConcurrency();
        String c = resolveString(a.concurrency());
        if (c != null && !c.isBlank()) {
            try {
                concurrency = Integer.parseInt(c.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("concurrency '" + c + "' is not a number");
            }
        }
        AckMode ackMode = defaults.getAckMode();
        String am = resolveString(a.ackMode());
        if (am != null && !am.isBlank()) {
            try {
                ackMode = AckMode.valueOf(am.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("ackMode '" + am + "' is not allowed; use AUTO or MANUAL");
            }
        }
        boolean autoStartup = defaults.isAutoStartup();
        String as = resolveString(a.autoStartup());
        if (as != null && !as.isBlank()) {
            String v = as.trim().toLowerCase(Locale.ROOT);
            if (!v.equals("true") && !v.equals("false")) {
                throw new IllegalArgumentException("autoStartup '" + as + "' is not allowed; use true or false");
            }
            autoStartup = Boolean.parseBoolean(v);
        }
        Map<String, String> props = new java.util.LinkedHashMap<>();
        String protocol = resolveString(a.groupProtocol());
        if (protocol != null && !protocol.isBlank()) {
            String gp = protocol.trim().toLowerCase(Locale.ROOT);
            if (!gp.equals("classic") && !gp.equals("consumer")) {
                throw new IllegalArgumentException("groupProtocol '" + protocol + "' is not allowed; use classic or"
                        + " consumer");
            }
            props.put("group.protocol", gp);
        }
        for (String kv : a.properties()) {
            String resolved = resolveString(kv);
            if (resolved == null || resolved.isBlank()) {
                continue;
            }
            int eq = resolved.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("properties entry '" + resolved + "' is not key=value");
            }
            props.put(resolved.substring(0, eq).trim(), resolved.substring(eq + 1).trim());
        }
        return new ListenerEndpoint(id, topics, pattern, partitions, groupId, concurrency, a.ordering(), a.batch(),
                ackMode, autoStartup, props, topicPartitions, initialOffsets);
    }

    /** The endpoint of a share-group listener: its topics, read in {@code shareGroup}. */
    private ListenerEndpoint shareEndpoint(ListenerEndpoint e, KurierListener a, String shareGroup) {
        List<String> refused = new ArrayList<>();
        if (!a.groupId().isBlank()) {
            refused.add("groupId");
        }
        if (e.topicPattern() != null) {
            refused.add("topicPattern");
        }
        if (!e.partitions().isEmpty()) {
            refused.add("partitions");
        }
        if (!e.topicPartitions().isEmpty()) {
            refused.add("topicPartitions");
        }
        if (!a.groupProtocol().isBlank()) {
            refused.add("groupProtocol");
        }
        if (!refused.isEmpty()) {
            throw new IllegalArgumentException("shareGroup does not go with " + String.join(", ", refused) + ": a share"
                    + " group reads whole topics, named in topics, and assigns their partitions itself");
        }
        return new ListenerEndpoint(e.id(), e.topics(), null, List.of(), shareGroup, e.concurrency(), e.ordering(),
                e.batch(), e.ackMode(), e.autoStartup(), e.consumerProperties());
    }

    private RecordFilter filter(KurierListener a) {
        String name = resolveString(a.filter());
        if (name == null || name.isBlank()) {
            return null;
        }
        if (!beanFactory.containsBean(name) || !beanFactory.isTypeMatch(name, RecordFilter.class)) {
            throw new IllegalArgumentException("filter bean '" + name + "' does not exist or is not a RecordFilter");
        }
        return beanFactory.getBean(name, RecordFilter.class);
    }

    private KurierErrorHandler errorHandler(KurierListener a) {
        String name = resolveString(a.errorHandler());
        if (name == null || name.isBlank()) {
            return null;
        }
        if (!beanFactory.containsBean(name)) {
            throw new IllegalArgumentException("errorHandler bean '" + name + "' does not exist");
        }
        return beanFactory.getBean(name, KurierErrorHandler.class);
    }

    /**
     * The reply sender of a method with {@link KurierSendTo} (or spring-messaging's {@code @SendTo}), or {@code null}.
     */
    private ReplySender replySender(Method method) {
        String topic = null;
        KurierSendTo own = AnnotatedElementUtils.findMergedAnnotation(method, KurierSendTo.class);
        if (own != null) {
            topic = own.value();
        } else if (SPRING_SEND_TO != null) {
            AnnotationAttributes attrs = AnnotatedElementUtils.findMergedAnnotationAttributes(method, SPRING_SEND_TO,
                    false, false);
            if (attrs == null) {
                return null;
            }
            String[] values = attrs.getStringArray("value");
            if (values.length > 1) {
                throw new IllegalArgumentException("@SendTo names " + values.length + " destinations; name one topic");
            }
            topic = values.length == 0 ? "" : values[0];
        } else {
            return null;
        }
        String resolved = resolveString(topic);
        KurierTemplate<?, ?> template = beanFactory.getBeanProvider(KurierTemplate.class).getIfUnique();
        if (template == null) {
            throw new IllegalArgumentException("@SendTo needs a single KurierTemplate bean");
        }
        if (resolved == null || resolved.isBlank()) {
            resolved = template.defaultTopic(); // null: replies go only where requests ask (KurierReplyingTemplate)
        }
        return new ReplySender(template, resolved == null ? null : resolved.trim());
    }

    /** Partition numbers from {@code "3"} or a range {@code "2-5"}. */
    static List<Integer> parsePartitions(String spec) {
        String s = spec.trim();
        List<Integer> out = new ArrayList<>();
        try {
            int dash = s.indexOf('-', 1);
            if (dash > 0) {
                int from = Integer.parseInt(s.substring(0, dash).trim());
                int to = Integer.parseInt(s.substring(dash + 1).trim());
                if (from < 0 || to < from) {
                    throw new IllegalArgumentException("partition range '" + spec + "' is empty or negative");
                }
                for (int p = from; p <= to; p++) {
                    out.add(p);
                }
            } else {
                int p = Integer.parseInt(s);
                if (p < 0) {
                    throw new IllegalArgumentException("partition '" + spec + "' is negative");
                }
                out.add(p);
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("partitions entry '" + spec + "' is not a number or a range like 0-3");
        }
        return out;
    }

    private Object resolve(String value) {
        String v = beanFactory.resolveEmbeddedValue(value);
        BeanExpressionResolver r = beanFactory.getBeanExpressionResolver();
        if (r == null || v == null) {
            return v;
        }
        return r.evaluate(v, new BeanExpressionContext(beanFactory, null));
    }

    private String resolveString(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        Object v = resolve(value);
        return v == null ? null : v.toString();
    }

    /** Resolves and flattens: arrays and collections element-wise, strings split at commas, blanks dropped. */
    private List<String> resolveList(String value) {
        List<String> out = new ArrayList<>();
        flatten(resolve(value), out);
        return out;
    }

    private static void flatten(Object v, List<String> out) {
        if (v == null) {
            return;
        }
        if (v instanceof Object[] arr) {
            for (Object o : arr) {
                flatten(o, out);
            }
        } else if (v instanceof Collection<?> col) {
            for (Object o : col) {
                flatten(o, out);
            }
        } else {
            for (String s : v.toString().split(",")) {
                if (!s.isBlank()) {
                    out.add(s.trim());
                }
            }
        }
    }
}
