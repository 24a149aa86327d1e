package dev.kurier.spring.listener;

import dev.kurier.client.KurierClient;
import dev.kurier.client.consumer.ConsumerConfig;
import java.time.Duration;

/** The default {@link RecordSourceFactory}: {@link AssignedPartitionsSource}s (the SimpleConsumer mode). */
public final class AssignedPartitionsSourceFactory implements RecordSourceFactory {

    private final KurierClient client;
    private final Duration metadataTimeout;

    /** Sources reading through {@code client}; each metadata wait lasts at most {@code metadataTimeout}. */
    public AssignedPartitionsSourceFactory(KurierClient client, Duration metadataTimeout) {
        this.client = client;
        this.metadataTimeout = metadataTimeout;
    }

    @Override
    public RecordSource create(ListenerEndpoint endpoint, ConsumerConfig consumerConfig) {
        return new AssignedPartitionsSource(client, consumerConfig, endpoint, metadataTimeout);
    }
}
