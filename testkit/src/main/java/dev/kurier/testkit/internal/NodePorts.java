package dev.kurier.testkit.internal;

import java.util.Map;

/**
 * The loopback ports of one node; they stay the same across restarts of the node.
 *
 * @param broker     the {@code PLAINTEXT} client (and inter-broker) listener
 * @param controller the KRaft {@code CONTROLLER} listener
 * @param extra      the extra listeners, by listener name
 */
public record NodePorts(int broker, int controller, Map<String, Integer> extra) {

    /** Copies the map. */
    public NodePorts {
        extra = Map.copyOf(extra);
    }
}
