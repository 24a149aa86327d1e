package dev.kurier.client.group.assignor;

import dev.kurier.client.config.ConfigException;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds the assignors of {@code partition.assignment.strategy}: the built-in names ({@code range},
 * {@code roundrobin}, {@code cooperative-sticky}), kafka-clients' class names for them (so a kafka-clients
 * properties file works unchanged), or the class name of a {@link ConsumerPartitionAssignor} with a public
 * no-argument constructor.
 */
public final class Assignors {

    /** The config key the names come from, used in error messages. */
    public static final String CONFIG_KEY = "partition.assignment.strategy";

    /** kafka-clients 4.x's default list. */
    public static final List<String> DEFAULT = List.of(RangeAssignor.NAME, CooperativeStickyAssignor.NAME);

    private Assignors() {
    }

    /**
     * New assignor instances for {@code names}, in order.
     *
     * @throws ConfigException if the list is empty, a name is unknown, or two assignors share a protocol name
     */
    public static List<ConsumerPartitionAssignor> create(List<String> names) {
        if (names == null || names.isEmpty()) {
            throw new ConfigException(CONFIG_KEY, "needs at least one assignor, e.g. " + String.join(",", DEFAULT));
        }
        List<ConsumerPartitionAssignor> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            ConsumerPartitionAssignor a = create(name.trim());
            if (!seen.add(a.name())) {
                throw new ConfigException(CONFIG_KEY, "lists the assignor '" + a.name() + "' twice");
            }
            out.add(a);
        }
        return List.copyOf(out);
    }

    /** A new instance for one name (see the class comment). */
    public static ConsumerPartitionAssignor create(String name) {
        switch (name) {
            case RangeAssignor.NAME, "org.apache.kafka.clients.consumer.RangeAssignor":
                return new RangeAssignor();
            case RoundRobinAssignor.NAME, "org.apache.kafka.clients.consumer.RoundRobinAssignor":
                return new RoundRobinAssignor();
            case CooperativeStickyAssignor.NAME, "org.apache.kafka.clients.consumer.CooperativeStickyAssignor":
                return new CooperativeStickyAssignor();
            case "sticky", "org.apache.kafka.clients.consumer.StickyAssignor":
                throw new ConfigException(CONFIG_KEY, "the eager 'sticky' assignor is not supported; use "
                        + CooperativeStickyAssignor.NAME + " (its cooperative successor)");
            default:
                return instantiate(name);
        }
    }

    private static ConsumerPartitionAssignor instantiate(String className) {
        Class<?> type;
        try {
            type = Class.forName(className, true, Thread.currentThread().getContextClassLoader() != null
                    ? Thread.currentThread().getContextClassLoader() : Assignors.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new ConfigException(CONFIG_KEY, "'" + className + "' is neither a built-in assignor (range, "
                    + "roundrobin, cooperative-sticky) nor a class on the classpath");
        }
        if (!ConsumerPartitionAssignor.class.isAssignableFrom(type)) {
            throw new ConfigException(CONFIG_KEY, "class " + className + " does not implement "
                    + ConsumerPartitionAssignor.class.getName());
        }
        try {
            return (ConsumerPartitionAssignor) type.getConstructor().newInstance();
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException e) {
            throw new ConfigException(CONFIG_KEY, "class " + className + " needs a public no-argument constructor");
        } catch (InvocationTargetException e) {
            throw new ConfigException(CONFIG_KEY, "constructing " + className + " failed: " + e.getCause());
        }
    }

    /**
     * The rebalance protocol a member with these assignors uses: the newest one all of them support.
     *
     * @throws ConfigException if they have no protocol in common
     */
    public static RebalanceProtocol protocolFor(List<ConsumerPartitionAssignor> assignors) {
        EnumSet<RebalanceProtocol> common = EnumSet.allOf(RebalanceProtocol.class);
        for (ConsumerPartitionAssignor a : assignors) {
            common.retainAll(a.supportedProtocols());
        }
        if (common.isEmpty()) {
            throw new ConfigException(CONFIG_KEY, "the assignors " + assignors.stream().map(
                    ConsumerPartitionAssignor::name).toList() + " support no rebalance protocol in common");
        }
        return common.contains(RebalanceProtocol.COOPERATIVE) ? RebalanceProtocol.COOPERATIVE : RebalanceProtocol.EAGER;
    }
}
