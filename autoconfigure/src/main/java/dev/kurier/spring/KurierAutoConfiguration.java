package dev.kurier.spring;

import dev.kurier.client.ClientConfig;
import dev.kurier.client.KurierClient;
import dev.kurier.client.admin.Admin;
import dev.kurier.client.admin.NewTopic;
import dev.kurier.client.network.NetworkListener;
import dev.kurier.client.producer.Producer;
import dev.kurier.client.producer.ProducerConfig;
import dev.kurier.spring.convert.DefaultPayloadConverter;
import dev.kurier.spring.convert.JacksonJsonCodec;
import dev.kurier.spring.convert.JsonCodec;
import dev.kurier.spring.convert.PayloadConverter;
import dev.kurier.spring.core.KurierTemplate;
import dev.kurier.spring.core.SendInterceptor;
import dev.kurier.spring.event.ListenerEventPublisher;
import dev.kurier.spring.listener.CompositeListenerObserver;
import dev.kurier.spring.listener.ContainerSettings;
import dev.kurier.spring.listener.KurierListenerAnnotationBeanPostProcessor;
import dev.kurier.spring.listener.KurierListenerContainerFactory;
import dev.kurier.spring.listener.KurierListenerRegistry;
import dev.kurier.spring.listener.KurierRecordSourceFactory;
import dev.kurier.spring.listener.ListenerObserver;
import dev.kurier.spring.listener.KurierErrorHandler;
import dev.kurier.spring.listener.RecordHandlerDecorator;
import dev.kurier.spring.listener.RecordSourceFactory;
import dev.kurier.spring.listener.WorkerThreads;
import dev.kurier.spring.transaction.KurierTransactionManager;
import dev.kurier.spring.transaction.TransactionalProducers;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import tools.jackson.databind.json.JsonMapper;

/**
 * Kurier for Spring Boot: the {@link KurierClient}, a {@link KurierTemplate}, the {@link Admin} (bean
 * {@code kurierAdmin}) that also creates declared {@link NewTopic} beans, and the {@code @KurierListener}
 * machinery (container factory, registry, annotation processor). Every bean backs off when the application
 * defines one of its type; customizer beans adjust the configs instead.
 */
@AutoConfiguration
@ConditionalOnClass(KurierClient.class)
@EnableConfigurationProperties(KurierProperties.class)
public class KurierAutoConfiguration {

    /** Wait after a container failed to open or poll: slow enough not to flood logs and brokers. */
    private static final Duration CONTAINER_RETRY_BACKOFF = Duration.ofSeconds(1);

    /** Connection details from {@code kurier.bootstrap-servers}, unless another bean (the dev broker) provides them. */
    @Bean
    @ConditionalOnMissingBean(KurierConnectionDetails.class)
    public PropertiesKurierConnectionDetails kurierConnectionDetails(KurierProperties properties) {
        return new PropertiesKurierConnectionDetails(properties);
    }

    /** The properties turned into client configs (validated, errors naming {@code kurier.*} properties). */
    @Bean
    @ConditionalOnMissingBean
    public KurierConfigs kurierConfigs(KurierProperties properties, KurierConnectionDetails connectionDetails) {
        return new KurierConfigs(properties, String.join(",", connectionDetails.getBootstrapServers()));
    }

    /**
     * {@code kurier.ssl.bundle}: the keys and trust of a Spring Boot SSL bundle ({@code spring.ssl.bundle.*}, JKS or
     * PEM) for the client's TLS connections, with the bundle's protocols and ciphers if it names any.
     */
    @Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnProperty(prefix = "kurier.ssl", name = "bundle")
    public KurierClientCustomizer kurierSslBundleCustomizer(KurierProperties properties,
                                                            ObjectProvider<org.springframework.boot.ssl.SslBundles> bundles) {
        String name = properties.getSsl().getBundle();
        return builder -> {
            org.springframework.boot.ssl.SslBundles all = bundles.getIfAvailable();
            if (all == null) {
                throw new IllegalStateException("kurier.ssl.bundle=" + name + " needs Spring Boot's SSL bundles "
                        + "(spring.ssl.bundle.*), and none are configured");
            }
            org.springframework.boot.ssl.SslBundle bundle = all.getBundle(name);
            builder.set("ssl.keymanager.factory", bundle.getManagers().getKeyManagerFactory());
            builder.set("ssl.trustmanager.factory", bundle.getManagers().getTrustManagerFactory());
            if (bundle.getOptions().getEnabledProtocols() != null) {
                builder.set("ssl.enabled.protocols", java.util.List.of(bundle.getOptions().getEnabledProtocols()));
            }
            if (bundle.getOptions().getCiphers() != null) {
                builder.set("ssl.cipher.suites", java.util.List.of(bundle.getOptions().getCiphers()));
            }
        };
    }

    /** The client: connections and metadata shared by the template, the admin and every listener. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public KurierClient kurierClient(KurierConfigs configs, ObjectProvider<KurierClientCustomizer> customizers,
                                     ObjectProvider<NetworkListener> networkListeners) {
        ClientConfig config = configs.clientConfig(customizers.orderedStream().toList());
        return KurierClient.create(config, CompositeNetworkListener.of(networkListeners.orderedStream().toList()));
    }

    /** Key and value conversion for the template and listener parameters. */
    @Bean
    @ConditionalOnMissingBean
    public PayloadConverter kurierPayloadConverter(ObjectProvider<JsonCodec> jsonCodec) {
        return new DefaultPayloadConverter(jsonCodec.getIfAvailable());
    }

    /**
     * The template: keys and values of any type, converted by the {@link PayloadConverter} (String and byte[]
     * directly, other types as JSON). Injectable as {@code KurierTemplate<K, V>} for any K and V.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(KurierTemplate.class)
    public KurierTemplate<?, ?> kurierTemplate(KurierClient client, KurierConfigs configs,
                                               ObjectProvider<KurierProducerCustomizer> customizers,
                                               PayloadConverter converter,
                                               ObjectProvider<SendInterceptor> interceptors) {
        ProducerConfig config = configs.producerConfig(customizers.orderedStream().toList());
        KurierProperties p = configs.properties();
        String prefix = p.getProducer().getTransactionIdPrefix();
        KurierTemplate<Object, Object> template;
        if (prefix != null && !prefix.isBlank()) {
            // one producer per concurrent transaction, transactional.id = prefix + number
            TransactionalProducers<Object, Object> producers = new TransactionalProducers<>(prefix,
                    id -> client.producer(config.withTransactionalId(id), converter::toBytes, converter::toBytes),
                    p.getListener().getShutdownTimeout());
            template = new KurierTemplate<>(producers, p.getTemplate().getDefaultTopic(),
                    p.getListener().getShutdownTimeout());
        } else {
            Producer<Object, Object> producer = client.producer(config, converter::toBytes, converter::toBytes);
            template = new KurierTemplate<>(producer, p.getTemplate().getDefaultTopic(),
                    p.getListener().getShutdownTimeout());
        }
        // All of them in their order (the observation interceptor, when observing, and the application's own).
        template.setSendInterceptor(SendInterceptor.chain(interceptors.orderedStream().toList()));
        return template;
    }

    /** The admin: topics, configs, records, groups, cluster (the whole {@link Admin} API). */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(Admin.class)
    public Admin kurierAdmin(KurierClient client) {
        return client.admin();
    }

    /**
     * Creates declared {@link NewTopic} beans at startup and grows them to their declared partitions
     * ({@code kurier.admin.auto-create}; configs with {@code kurier.admin.modify-topic-configs}).
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBooleanProperty(name = "kurier.admin.auto-create", matchIfMissing = true)
    public KurierTopicCreator kurierTopicCreator(Admin admin, ObjectProvider<NewTopic> topics, KurierProperties properties) {
        return new KurierTopicCreator(admin, topics, properties.getAdmin().getOperationTimeout(),
                properties.getAdmin().isFailFast(), properties.getAdmin().isModifyTopicConfigs());
    }

    /**
     * Where containers get records, over the shared client: consumer groups for listeners with a group id,
     * assigned partitions for the others.
     */
    @Bean
    @ConditionalOnMissingBean
    public RecordSourceFactory kurierRecordSourceFactory(KurierClient client, KurierProperties properties) {
        return new KurierRecordSourceFactory(client, properties.getRequestTimeout(),
                properties.getListener().getCommitInterval());
    }

    /** Creates the listener containers. */
    @Bean
    @ConditionalOnMissingBean
    public KurierListenerContainerFactory kurierListenerContainerFactory(KurierConfigs configs,
            RecordSourceFactory sources, PayloadConverter converter,
            ObjectProvider<KurierConsumerCustomizer> customizers, ObjectProvider<ListenerObserver> observers,
            ListableBeanFactory beanFactory, ObjectProvider<KurierTemplate<?, ?>> templates,
            ObjectProvider<RecordHandlerDecorator> decorators,
            ObjectProvider<org.springframework.validation.Validator> validators, KurierClient client) {
        KurierProperties.Listener l = configs.properties().getListener();
        ContainerSettings settings = new ContainerSettings(l.getPollTimeout(), l.getShutdownTimeout(),
                l.getQueueCapacity(), l.getAssignmentRefreshInterval(), l.getLagRefreshInterval(),
                CONTAINER_RETRY_BACKOFF, l.getRevokeTimeout(), l.getMaxPendingRecords(), l.getIdleEventInterval());
        KurierListenerContainerFactory factory = new KurierListenerContainerFactory(configs, sources, converter,
                customizers.orderedStream().toList(), CompositeListenerObserver.of(observers.orderedStream().toList()),
                settings, defaultErrorHandler(l, beanFactory, templates), decorators.orderedStream().toList());
        // @Valid payloads: the application's validator (Boot's Bean Validation one when hibernate-validator is there)
        factory.setValidator(validator(beanFactory, validators));
        factory.setShareConsumers(cc -> client.shareConsumer(cc, dev.kurier.client.serialization.Serdes.bytesDeserializer(),
                dev.kurier.client.serialization.Serdes.bytesDeserializer()));
        if (l.isVirtualThreads()) {
            factory.setWorkerThreads(WorkerThreads.virtual()); // fails startup on Java 17, naming the key
        }
        KurierTemplate<?, ?> template = templates.getIfUnique();
        if (template != null && template.isTransactional() && !Boolean.FALSE.equals(l.getTransactional())) {
            // each poll chunk in a transaction of the template's producers: sends, dead letters and offsets together
            factory.setTransactions(new dev.kurier.spring.transaction.KurierChunkTransactions(
                    template.transactionalProducers()));
        } else if (Boolean.TRUE.equals(l.getTransactional())) {
            throw new IllegalStateException("kurier.listener.transactional=true needs a transactional KurierTemplate:"
                    + " set kurier.producer.transaction-id-prefix");
        }
        return factory;
    }

    /**
     * The error handler of listeners that name none: the bean named by {@code kurier.listener.error-handler.bean}, or
     * a {@code @Primary} {@link KurierErrorHandler} bean, else one built from {@code kurier.listener.error-handler.*}
     * (validated now, so a bad value fails startup). A lone handler bean is not taken as the default: it is usually
     * meant for the listeners that name it.
     */
    private static KurierErrorHandler defaultErrorHandler(KurierProperties.Listener l,
                                                          ListableBeanFactory beanFactory,
                                                          ObjectProvider<KurierTemplate<?, ?>> templates) {
        KurierErrorHandler fromProperties = KurierErrorHandlers.fromProperties(l.getErrorHandler(), () -> {
            KurierTemplate<?, ?> t = templates.getIfUnique();
            if (t == null) {
                throw new IllegalStateException("dead-lettering needs a single KurierTemplate bean");
            }
            return t;
        });
        String named = l.getErrorHandler().getBean();
        if (named != null && !named.isBlank()) {
            if (!beanFactory.containsBean(named) || !beanFactory.isTypeMatch(named, KurierErrorHandler.class)) {
                throw new IllegalStateException("kurier.listener.error-handler.bean: no KurierErrorHandler bean named '"
                        + named + "' (handler beans: "
                        + List.of(beanFactory.getBeanNamesForType(KurierErrorHandler.class)) + ")");
            }
            return beanFactory.getBean(named, KurierErrorHandler.class);
        }
        if (beanFactory instanceof ConfigurableListableBeanFactory cbf) {
            for (String name : cbf.getBeanNamesForType(KurierErrorHandler.class)) {
                if (cbf.containsBeanDefinition(name) && cbf.getBeanDefinition(name).isPrimary()) {
                    return cbf.getBean(name, KurierErrorHandler.class);
                }
            }
        }
        return fromProperties;
    }

    /** Containers' lifecycle as application events ({@code dev.kurier.spring.event}). */
    @Bean
    @ConditionalOnMissingBean
    public ListenerEventPublisher kurierListenerEventPublisher(ApplicationEventPublisher publisher) {
        return new ListenerEventPublisher(publisher);
    }

    /**
     * The validator of {@code @Valid} listener payloads: Boot's {@code defaultValidator} when there is one, else the
     * single (or primary) Spring {@code Validator} bean; several without a choice get a WARN, not a silent pick.
     */
    private static org.springframework.validation.Validator validator(ListableBeanFactory beanFactory,
            ObjectProvider<org.springframework.validation.Validator> validators) {
        if (beanFactory.containsBean("defaultValidator")
                && beanFactory.isTypeMatch("defaultValidator", org.springframework.validation.Validator.class)) {
            return beanFactory.getBean("defaultValidator", org.springframework.validation.Validator.class);
        }
        org.springframework.validation.Validator v = validators.getIfUnique();
        String[] names = beanFactory.getBeanNamesForType(org.springframework.validation.Validator.class);
        if (v == null && names.length > 1) {
            LoggerFactory.getLogger(KurierAutoConfiguration.class).warn("several Validator beans {} and none primary: "
                    + "@Valid listener payloads are not validated; mark one @Primary", List.of(names));
        }
        return v;
    }

    /** Every listener container, started and stopped with the application. */
    @Bean
    @ConditionalOnMissingBean
    public KurierListenerRegistry kurierListenerRegistry() {
        return new KurierListenerRegistry();
    }

    /** Finds {@code @KurierListener} methods. Static: a post-processor must not pull other beans in early. */
    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    @ConditionalOnMissingBean
    public static KurierListenerAnnotationBeanPostProcessor kurierListenerAnnotationBeanPostProcessor() {
        return new KurierListenerAnnotationBeanPostProcessor();
    }

    /**
     * With {@code kurier.producer.transaction-id-prefix}: a {@link KurierTransactionManager} over the template's
     * producers, for {@code @Transactional}. Named {@code kurierTransactionManager}; with a JDBC transaction manager
     * too, name it in {@code @Transactional("kurierTransactionManager")} or chain the two.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.transaction.PlatformTransactionManager")
    @ConditionalOnProperty(prefix = "kurier.producer", name = "transaction-id-prefix")
    static class TransactionConfiguration {

        @Bean
        @ConditionalOnMissingBean(KurierTransactionManager.class)
        KurierTransactionManager kurierTransactionManager(KurierTemplate<?, ?> template) {
            if (!template.isTransactional()) {
                throw new IllegalStateException("kurier.producer.transaction-id-prefix is set but the KurierTemplate"
                        + " bean is not transactional (an application-defined template?)");
            }
            return new KurierTransactionManager(template.transactionalProducers());
        }
    }

    /** JSON through Jackson 3, with the application's {@link JsonMapper} when it has exactly one. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(JsonMapper.class)
    static class JacksonConfiguration {

        @Bean
        @ConditionalOnMissingBean(JsonCodec.class)
        JsonCodec kurierJsonCodec(ObjectProvider<JsonMapper> mapper) {
            return new JacksonJsonCodec(mapper.getIfUnique(JsonMapper::shared));
        }
    }
}
