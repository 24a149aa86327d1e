package dev.kurier.testkit;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An extra client listener that every node of a cluster opens next to its default {@code PLAINTEXT}
 * listener, on its own free loopback port; for SASL or TLS tests. The security settings that go with
 * it (SASL mechanisms, JAAS config, key stores) are ordinary broker properties, e.g. {@code
 * listener.name.<name lower case>.plain.sasl.jaas.config}.
 *
 * @param name             the listener name, e.g. {@code SASL}; letters, digits and underscores
 * @param securityProtocol one of {@code PLAINTEXT}, {@code SSL}, {@code SASL_PLAINTEXT}, {@code SASL_SSL}
 */
public record BrokerListener(String name, String securityProtocol) {

    /** The client listener every node has; also the inter-broker listener. */
    public static final String DEFAULT = "PLAINTEXT";
    /**
     * The listener {@link KafkaClusterBuilder#chaosProxy()} adds: the broker binds it on one port and advertises the
     * port of its {@link ChaosProxy}.
     */
    public static final String CHAOS = "CHAOS";
    /** The key of a CHAOS listener's bound port among a node's extra ports (its advertised port is under CHAOS). */
    public static final String CHAOS_BOUND = "CHAOS_BOUND";
    /**
     * The key, among a broker-only node's extra ports, of the chaos proxy in front of the (single) controller that
     * node reaches it through, with {@link KafkaClusterBuilder#chaosProxy()} and one controller.
     */
    public static final String CHAOS_CONTROLLER = "CHAOS_CONTROLLER";
    /** The KRaft controller listener every node has. */
    public static final String CONTROLLER = "CONTROLLER";

    private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]*");
    private static final Set<String> PROTOCOLS = Set.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");

    /** Validates and normalises (upper case) the name and protocol. */
    public BrokerListener {
        Objects.requireNonNull(name, "listener name");
        Objects.requireNonNull(securityProtocol, "security protocol");
        name = name.toUpperCase(Locale.ROOT);
        securityProtocol = securityProtocol.toUpperCase(Locale.ROOT);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Listener name must be letters, digits and underscores, starting with a letter: " + name);
        }
        if (name.equals(DEFAULT) || name.equals(CONTROLLER)) {
            throw new IllegalArgumentException("Listener name " + name + " is taken by the testkit's own listeners");
        }
        if (!PROTOCOLS.contains(securityProtocol)) {
            throw new IllegalArgumentException("Unknown security protocol " + securityProtocol + ", expected one of " + PROTOCOLS);
        }
    }
}
