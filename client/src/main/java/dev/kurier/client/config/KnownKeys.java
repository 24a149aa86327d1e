package dev.kurier.client.config;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every key any Kurier client type understands, so one client's config can ignore another's keys (a shared
 * properties file) while a key nobody knows is still reported as a typo.
 */
public final class KnownKeys {

    private static final Collection<Collection<ConfigKey<?>>> GROUPS = new CopyOnWriteArrayList<>();

    static {
        // Loading the config classes registers their key sets.
        for (String cls : new String[] {"dev.kurier.client.ClientConfig", "dev.kurier.client.producer.ProducerConfig",
                "dev.kurier.client.consumer.ConsumerConfig"}) {
            try {
                Class.forName(cls, true, KnownKeys.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                // not part of this build
            }
        }
    }

    private KnownKeys() {
    }

    /** Registers a client type's keys. */
    public static void register(Collection<ConfigKey<?>> keys) {
        GROUPS.add(keys);
    }

    /** Every registered key name not in {@code own}. */
    public static Set<String> allExcept(Collection<ConfigKey<?>> own) {
        Set<String> names = new TreeSet<>();
        for (Collection<ConfigKey<?>> g : GROUPS) {
            for (ConfigKey<?> k : g) {
                names.add(k.name());
            }
        }
        for (ConfigKey<?> k : own) {
            names.remove(k.name());
        }
        return names;
    }
}
