package dev.kurier.spring.metrics;

import dev.kurier.client.KurierClient;
import dev.kurier.client.producer.Producer;
import dev.kurier.client.producer.internals.KurierProducer;
import dev.kurier.client.producer.internals.ProducerMetrics;
import dev.kurier.spring.core.KurierTemplate;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/**
 * Meters read from the client and from each {@link KurierTemplate} bean's producer, registered once all
 * singletons exist: {@code kurier.client.connections} (ready broker connections) and, tagged {@code template}
 * (the bean name) and {@code client.id}: {@code kurier.producer.queued.records}, {@code kurier.producer.queued.bytes},
 * {@code kurier.producer.records.sent}, {@code .records.acked}, {@code .records.errors}, {@code .retries},
 * {@code .requests}, {@code .bytes.sent} and {@code kurier.producer.request.latency} (mean ms).
 */
public final class KurierClientMeters implements SmartInitializingSingleton {

    private final MeterRegistry registry;
    private final ObjectProvider<KurierClient> clients;
    private final ConfigurableListableBeanFactory beanFactory;

    /** Meters in {@code registry} for the client beans and the template beans of {@code beanFactory}. */
    public KurierClientMeters(MeterRegistry registry, ObjectProvider<KurierClient> clients,
                              ConfigurableListableBeanFactory beanFactory) {
        this.registry = registry;
        this.clients = clients;
        this.beanFactory = beanFactory;
    }

    @Override
    public void afterSingletonsInstantiated() {
        clients.orderedStream().forEach(this::bindClient);
        @SuppressWarnings("rawtypes")
        Map<String, KurierTemplate> templates = beanFactory.getBeansOfType(KurierTemplate.class, false, false);
        templates.forEach((name, t) -> bindProducer(name, t.producer()));
    }

    /** Registers the client's meters. */
    public void bindClient(KurierClient client) {
        Gauge.builder("kurier.client.connections", client, c -> c.network().readyConnections())
                .description("ready broker connections").tag("client.id", client.config().clientId()).register(registry);
        // Quota throttling (KIP-219): how long brokers asked this client to hold its requests back.
        io.micrometer.core.instrument.FunctionCounter.builder("kurier.client.throttle.time", client,
                        c -> c.network().throttling().throttleMillis() / 1000.0)
                .description("time brokers throttled this client for exceeding a quota").baseUnit("seconds")
                .tag("client.id", client.config().clientId()).register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("kurier.client.throttled.responses", client,
                        c -> c.network().throttling().throttledResponses())
                .description("responses that asked this client to wait out a quota throttle")
                .tag("client.id", client.config().clientId()).register(registry);
    }

    /** Registers the meters of {@code producer} (only Kurier's own producer has them), tagged {@code template=name}. */
    public void bindProducer(String name, Producer<?, ?> producer) {
        if (!(producer instanceof KurierProducer<?, ?> p)) {
            return;
        }
        Tags tags = Tags.of("template", name);
        Gauge.builder("kurier.producer.queued.records", p, KurierProducer::queuedRecords)
                .description("records queued and not yet acknowledged").tags(tags).register(registry);
        Gauge.builder("kurier.producer.queued.bytes", p, KurierProducer::queuedBytes)
                .description("bytes of records queued and not yet acknowledged").tags(tags).register(registry);
        counter("kurier.producer.records.sent", "records sent, retries included", p, ProducerMetrics::recordsSent, tags);
        counter("kurier.producer.records.acked", "records acknowledged", p, ProducerMetrics::recordsAcknowledged, tags);
        counter("kurier.producer.records.errors", "records that failed for good", p, ProducerMetrics::recordErrors, tags);
        counter("kurier.producer.retries", "batch retries", p, ProducerMetrics::retries, tags);
        counter("kurier.producer.requests", "produce requests sent", p, ProducerMetrics::requests, tags);
        counter("kurier.producer.bytes.sent", "encoded batch bytes sent", p, ProducerMetrics::bytesSent, tags);
        counter("kurier.producer.paced.waits", "times send waited for the brokers to catch up (enable.pacing)", p,
                ProducerMetrics::pacedWaits, tags);
        FunctionCounter.builder("kurier.producer.paced.time", p, x -> x.metrics().pacedMillis())
                .description("time send waited for the brokers to catch up (enable.pacing)").baseUnit("milliseconds")
                .tags(tags).register(registry);
        Gauge.builder("kurier.producer.request.latency", p, x -> x.metrics().averageRequestLatencyMs())
                .description("mean produce request latency").baseUnit("milliseconds").tags(tags).register(registry);
        Gauge.builder("kurier.producer.requests.in.flight", p, x -> x.metrics().inFlightRequests())
                .description("produce requests on the wire").tags(tags).register(registry);
        for (double q : new double[] {0.5, 0.99}) {
            Gauge.builder("kurier.producer.send.latency", p, x -> x.metrics().sendLatencyMs(q))
                    .description("send-to-acknowledgement latency of records since start, at the quantile")
                    .baseUnit("milliseconds").tags(tags).tag("quantile", Double.toString(q)).register(registry);
        }
        Gauge.builder("kurier.producer.send.latency.max", p, x -> x.metrics().maxSendLatencyMs())
                .description("largest send-to-acknowledgement latency since start").baseUnit("milliseconds")
                .tags(tags).register(registry);
    }

    private void counter(String name, String description, KurierProducer<?, ?> p,
                         java.util.function.ToLongFunction<ProducerMetrics> f, Tags tags) {
        ToDoubleFunction<KurierProducer<?, ?>> read = x -> f.applyAsLong(x.metrics());
        FunctionCounter.builder(name, p, read).description(description).tags(tags).register(registry);
    }
}
