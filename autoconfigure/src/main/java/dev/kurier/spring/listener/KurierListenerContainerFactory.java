package dev.kurier.spring.listener;

import dev.kurier.spring.transaction.ChunkTransactions;
import dev.kurier.client.consumer.ConsumerConfig;
import dev.kurier.spring.KurierConfigs;
import dev.kurier.spring.KurierConsumerCustomizer;
import dev.kurier.spring.KurierProperties;
import dev.kurier.spring.convert.PayloadConverter;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Creates {@link ListenerContainer}s: resolves each listener's consumer config ({@code kurier.consumer.*}, then
 * the listener's group and properties, then {@link KurierConsumerCustomizer}s), and wires the record source,
 * settings and observers. The consumer defaults are validated when the factory is built, so a bad
 * {@code kurier.consumer.*} value fails startup even before any listener exists.
 */
public class KurierListenerContainerFactory {

    private volatile java.util.concurrent.ThreadFactory workerThreads;
    private volatile ChunkTransactions transactions;
    private volatile org.springframework.validation.Validator validator;
    private final KurierConfigs configs;
    private final RecordSourceFactory sources;
    private final PayloadConverter converter;
    private final List<KurierConsumerCustomizer> customizers;
    private final ListenerObserver observer;
    private final ContainerSettings settings;
    private final KurierErrorHandler defaultErrorHandler;
    private final List<RecordHandlerDecorator> decorators;

    /** A factory; {@code observer} may combine several (see {@link CompositeListenerObserver}). */
    public KurierListenerContainerFactory(KurierConfigs configs, RecordSourceFactory sources, PayloadConverter converter,
                                          List<KurierConsumerCustomizer> customizers, ListenerObserver observer,
                                          ContainerSettings settings, KurierErrorHandler defaultErrorHandler) {
        this(configs, sources, converter, customizers, observer, settings, defaultErrorHandler, List.of());
    }

    /** As above; every container's handler is wrapped in {@code decorators} (the first outermost). */
    public KurierListenerContainerFactory(KurierConfigs configs, RecordSourceFactory sources, PayloadConverter converter,
                                          List<KurierConsumerCustomizer> customizers, ListenerObserver observer,
                                          ContainerSettings settings, KurierErrorHandler defaultErrorHandler,
                                          List<RecordHandlerDecorator> decorators) {
        this.decorators = List.copyOf(decorators);
        this.configs = configs;
        this.sources = sources;
        this.converter = converter;
        this.customizers = List.copyOf(customizers);
        this.observer = observer;
        this.settings = settings;
        this.defaultErrorHandler = defaultErrorHandler;
        configs.consumerConfig(this.customizers);
    }

    /** A container calling {@code method} on {@code bean}; {@code errorHandler} may be {@code null} (the default). */
    public ListenerContainer createContainer(ListenerEndpoint endpoint, Object bean, Method method,
                                             KurierErrorHandler errorHandler) {
        return createContainer(endpoint, bean, method, errorHandler, null);
    }

    /**
     * As above; the method's non-null return values are sent with {@code replies} ({@code null}: return values are
     * ignored), each send acknowledged before the records count as processed.
     */
    public ListenerContainer createContainer(ListenerEndpoint endpoint, Object bean, Method method,
                                             KurierErrorHandler errorHandler, ReplySender replies) {
        return createContainer(endpoint, bean, method, errorHandler, replies, null);
    }

    /** As above; records {@code filter} discards ({@code null}: none) are acknowledged without calling the method. */
    public ListenerContainer createContainer(ListenerEndpoint endpoint, Object bean, Method method,
                                             KurierErrorHandler errorHandler, ReplySender replies, RecordFilter filter) {
        return createContainer(endpoint, bean, method, errorHandler, replies, filter, h -> h);
    }

    /** As above, the method's handler wrapped by {@code around} (the retry stages' delay). */
    public ListenerContainer createContainer(ListenerEndpoint endpoint, Object bean, Method method,
                                             KurierErrorHandler errorHandler, ReplySender replies, RecordFilter filter,
                                             java.util.function.UnaryOperator<RecordHandler> around) {
        RecordHandler handler = around.apply(new ListenerMethodAdapter(bean, method, endpoint.batch(),
                endpoint.ackMode(), converter, replies, validator));
        ListenerContainer c = createContainer(endpoint, filter == null ? handler : new FilteringHandler(handler, filter),
                errorHandler);
        if (bean instanceof SeekAware s) {
            c.setSeekAware(s);
        }
        return c;
    }

    /** A container running {@code handler}; {@code errorHandler} may be {@code null} (the default). */
    public ListenerContainer createContainer(ListenerEndpoint endpoint, RecordHandler handler,
                                             KurierErrorHandler errorHandler) {
        ConsumerConfig cc = consumerConfig(endpoint);
        RecordHandler h = decorate(endpoint, handler);
        ListenerContainer c = new ListenerContainer(endpoint, h,
                errorHandler == null ? defaultErrorHandler : errorHandler, () -> sources.create(endpoint, cc), settings,
                observer);
        if (transactions != null) {
            c.setTransactions(transactions);
        }
        if (workerThreads != null) {
            c.setWorkerThreads(workerThreads);
        }
        observer.containerCreated(c);
        return c;
    }

    /**
     * A share-group container ({@code endpoint.groupId()} is the share group) calling {@code method} on {@code bean};
     * {@code errorHandler} may be {@code null} (the default), and so may {@code replies} and {@code filter}.
     *
     * @throws IllegalStateException when no share consumers can be made ({@link #setShareConsumers})
     */
    public ShareListenerContainer createShareContainer(ListenerEndpoint endpoint, Object bean, Method method,
                                                       KurierErrorHandler errorHandler, ReplySender replies,
                                                       RecordFilter filter) {
        RecordHandler handler = new ListenerMethodAdapter(bean, method, endpoint.batch(), endpoint.ackMode(), converter,
                replies, validator);
        return createShareContainer(endpoint, filter == null ? handler : new FilteringHandler(handler, filter),
                errorHandler);
    }

    /** A share-group container running {@code handler}; {@code errorHandler} may be {@code null} (the default). */
    public ShareListenerContainer createShareContainer(ListenerEndpoint endpoint, RecordHandler handler,
                                                       KurierErrorHandler errorHandler) {
        if (shareConsumers == null) {
            throw new IllegalStateException("listener " + endpoint.id() + ": this factory makes no share consumers");
        }
        int maxDeliveries = listenerDefaults().getShare().getMaxDeliveries();
        if (maxDeliveries < 1) {
            throw new IllegalArgumentException("kurier.listener.share.max-deliveries must be at least 1, got "
                    + maxDeliveries);
        }
        Map<String, String> overrides = new LinkedHashMap<>(endpoint.consumerProperties());
        overrides.put(ConsumerConfig.GROUP_ID.name(), endpoint.groupId());
        int takes = listenerDefaults().getShare().getMaxPollRecords();
        if (takes < 1) {
            throw new IllegalArgumentException("kurier.listener.share.max-poll-records must be at least 1, got " + takes);
        }
        // a worker works through its records one by one while their locks run: small takes spread them over the
        // workers (the broker hands a consumer up to max.poll.records at a time)
        overrides.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS.name(), String.valueOf(takes));
        overrides.put(ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE.name(), "explicit"); // the container decides outcomes
        ConsumerConfig consumerConfig = configs.consumerConfig(overrides, "@KurierListener(id=" + endpoint.id()
                + ").properties", customizers);
        RecordHandler h = decorate(endpoint, handler);
        ShareListenerContainer c = new ShareListenerContainer(endpoint, h,
                errorHandler == null ? defaultErrorHandler : errorHandler, maxDeliveries,
                listenerDefaults().getShare().isRenewLocks(), () -> shareConsumers.apply(consumerConfig), settings);
        observer.shareContainerCreated(c);
        return c;
    }

    /** {@code handler} wrapped in the decorators, the first outermost. */
    private RecordHandler decorate(ListenerEndpoint endpoint, RecordHandler handler) {
        RecordHandler h = handler;
        for (int i = decorators.size() - 1; i >= 0; i--) {
            h = decorators.get(i).decorate(endpoint, h);
        }
        return h;
    }

    /** How share-group containers make their consumers (the auto-configuration: over the shared client). */
    public void setShareConsumers(
            java.util.function.Function<ConsumerConfig, dev.kurier.client.consumer.ShareConsumer<byte[], byte[]>> f) {
        this.shareConsumers = f;
    }

    /** The consumer config a container for {@code endpoint} uses. */
    public ConsumerConfig consumerConfig(ListenerEndpoint endpoint) {
        Map<String, String> overrides = new LinkedHashMap<>();
        if (endpoint.groupId() != null) {
            overrides.put(ConsumerConfig.GROUP_ID.name(), endpoint.groupId());
        }
        overrides.putAll(endpoint.consumerProperties());
        return configs.consumerConfig(overrides, "@KurierListener(id=" + endpoint.id() + ").properties", customizers);
    }

    /** Listener defaults ({@code kurier.listener.*}). */
    public KurierProperties.Listener listenerDefaults() {
        return configs.properties().getListener();
    }

    /** The default consumer group ({@code kurier.consumer.group-id}), or {@code null}. */
    public String defaultGroupId() {
        String g = configs.properties().getConsumer().getGroupId();
        return g == null || g.isBlank() ? null : g;
    }

    /** The error handler of listeners that name none. */
    public KurierErrorHandler defaultErrorHandler() {
        return defaultErrorHandler;
    }

    /**
     * Makes containers created from now on transactional ({@link ListenerContainer#setTransactions}); {@code null}:
     * not transactional.
     */
    public void setTransactions(ChunkTransactions transactions) {
        this.transactions = transactions;
    }

    /** The transactions of containers created from now on, or {@code null}. */
    public ChunkTransactions transactions() {
        return transactions;
    }

    private java.util.function.Function<ConsumerConfig, dev.kurier.client.consumer.ShareConsumer<byte[], byte[]>>
            shareConsumers;

    /** Where the workers of containers created from now on get their threads ({@link WorkerThreads}). */
    public void setWorkerThreads(java.util.concurrent.ThreadFactory threads) {
        this.workerThreads = threads;
    }

    /**
     * Validates {@code @Valid} payload parameters of listeners created from now on with {@code validator}
     * ({@code null}: no validation).
     */
    public void setValidator(org.springframework.validation.Validator validator) {
        this.validator = validator;
    }

    /** The converter listener parameters use. */
    public PayloadConverter converter() {
        return converter;
    }
}
