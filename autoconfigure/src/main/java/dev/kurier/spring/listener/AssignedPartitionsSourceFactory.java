package dev.kurier.spring.listener;

import dev.kurier.client.ClientConfig;
import dev.kurier.client.KurierClient;
import dev.kurier.client.consumer.ConsumerConfig;
import dev.kurier.client.network.NetworkListener;
import java.time.Duration;

/**
 * The default {@link RecordSourceFactory}: {@link AssignedPartitionsSource}s (the SimpleConsumer mode), each
 * over its own {@link KurierClient} (client id {@code <client.id>-<listener id>}).
 *
 * <p>Why not the shared client bean: a broker handles one request per connection at a time, and a client
 * shares one connection per broker, so a consumer's long-poll fetch (up to {@code fetch.max.wait.ms}) would hold
 * up every produce request and every other listener's fetch on that connection. Own connections per listener
 * keep producer latency independent of the listeners, as with Kafka's own clients.
 */
public final class AssignedPartitionsSourceFactory implements RecordSourceFactory {

    private final ClientConfig clientConfig;
    private final NetworkListener networkListener;
    private final Duration metadataTimeout;

    /**
     * Sources whose clients use {@code clientConfig} (with the listener id appended to the client id) and report
     * to {@code networkListener}; each metadata wait lasts at most {@code metadataTimeout}.
     */
    public AssignedPartitionsSourceFactory(ClientConfig clientConfig, NetworkListener networkListener,
                                           Duration metadataTimeout) {
        this.clientConfig = clientConfig;
        this.networkListener = networkListener;
        this.metadataTimeout = metadataTimeout;
    }

    @Override
    public RecordSource create(ListenerEndpoint endpoint, ConsumerConfig consumerConfig) {
        ClientConfig own = ClientConfig.builder().setAll(clientConfig.explicitValues())
                .clientId(clientConfig.clientId() + "-" + endpoint.id()).build();
        return new AssignedPartitionsSource(() -> KurierClient.create(own, networkListener), consumerConfig, endpoint,
                metadataTimeout);
    }
}
