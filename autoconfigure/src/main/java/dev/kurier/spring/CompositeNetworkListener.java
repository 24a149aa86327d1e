package dev.kurier.spring;

import dev.kurier.client.network.Endpoint;
import dev.kurier.client.network.NetworkListener;
import dev.kurier.client.protocol.ApiKey;
import java.util.List;

/** Forwards network events to every {@link NetworkListener} bean (the client takes only one). */
final class CompositeNetworkListener implements NetworkListener {

    private final List<NetworkListener> listeners;

    private CompositeNetworkListener(List<NetworkListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    /** {@code listeners} as one listener. */
    static NetworkListener of(List<NetworkListener> listeners) {
        return listeners.isEmpty() ? NetworkListener.NOOP : listeners.size() == 1 ? listeners.get(0)
                : new CompositeNetworkListener(listeners);
    }

    @Override
    public void connected(Endpoint broker) {
        for (NetworkListener l : listeners) {
            l.connected(broker);
        }
    }

    @Override
    public void disconnected(Endpoint broker) {
        for (NetworkListener l : listeners) {
            l.disconnected(broker);
        }
    }

    @Override
    public void requestCompleted(Endpoint broker, ApiKey api, long latencyNanos, boolean success) {
        for (NetworkListener l : listeners) {
            l.requestCompleted(broker, api, latencyNanos, success);
        }
    }
}
