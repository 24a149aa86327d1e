package dev.kurier.spring.observation;

import dev.kurier.client.common.Header;
import io.micrometer.observation.transport.SenderContext;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The observation context of one {@code KurierTemplate} send. Its carrier is the record's header list (mutable
 * while the observation starts): a propagating handler (a tracer) writes the trace context into it, replacing a
 * header of the same name, and the record is sent with those headers.
 */
public final class KurierSendContext extends SenderContext<List<Header>> {

    private final String topic;

    /** A context for a send to {@code topic} with {@code headers} (mutable) as carrier. */
    public KurierSendContext(String topic, List<Header> headers) {
        super((carrier, key, value) -> {
            if (carrier != null) {
                carrier.removeIf(h -> h.key().equals(key));
                carrier.add(new Header(key, value == null ? null : value.getBytes(StandardCharsets.UTF_8)));
            }
        });
        this.topic = topic;
        setCarrier(headers);
        setRemoteServiceName("Apache Kafka");
    }

    /** The topic sent to. */
    public String topic() {
        return topic;
    }
}
