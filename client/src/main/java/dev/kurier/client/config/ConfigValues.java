package dev.kurier.client.config;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Parsed, validated values for a set of {@link ConfigKey}s. Immutable.
 *
 * <p>A key that belongs to no Kurier client (a typo such as {@code linger.msx}) is an error that suggests the
 * closest known key. A key of another Kurier client type (a consumer key in a producer config, as in a shared
 * properties file) is ignored.
 */
public final class ConfigValues {

    private final Map<String, Object> values;
    private final Map<String, Object> explicit;

    private ConfigValues(Map<String, Object> values, Map<String, Object> explicit) {
        this.values = values;
        this.explicit = explicit;
    }

    /**
     * Parses {@code raw} against {@code keys}.
     *
     * @param keys       the keys of this client type
     * @param otherKnown keys of other Kurier client types, silently ignored here
     */
    public static ConfigValues parse(Collection<ConfigKey<?>> keys, Set<String> otherKnown, Map<String, ?> raw) {
        Map<String, ConfigKey<?>> byName = new HashMap<>();
        for (ConfigKey<?> k : keys) {
            byName.put(k.name(), k);
        }
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, Object> explicit = new LinkedHashMap<>();
        for (ConfigKey<?> k : keys) {
            values.put(k.name(), k.defaultValue());
        }
        for (Map.Entry<String, ?> e : ConfigProviders.resolve(raw).entrySet()) {
            String name = e.getKey().trim();
            ConfigKey<?> k = byName.get(name);
            if (k == null) {
                if (otherKnown.contains(name)) {
                    continue;
                }
                throw new ConfigException(name, "unknown config key" + suggestion(name, byName.keySet(), otherKnown));
            }
            Object v = k.parse(e.getValue());
            values.put(name, v);
            explicit.put(name, v);
        }
        return new ConfigValues(Collections.unmodifiableMap(values), Collections.unmodifiableMap(explicit));
    }

    /** The value of {@code key} (its default when not set). */
    public <T> T get(ConfigKey<T> key) {
        return key.type().cast(values.get(key.name()));
    }

    /** Whether {@code key} was set explicitly. */
    public boolean isSet(ConfigKey<?> key) {
        return explicit.containsKey(key.name());
    }

    /** Every value, defaults included, by key name. */
    public Map<String, Object> asMap() {
        return values;
    }

    /** Only the values set explicitly. */
    public Map<String, Object> explicitValues() {
        return explicit;
    }

    /** {@code key=value} lines; values of keys that look secret are masked. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (String k : new TreeSet<>(values.keySet())) {
            Object v = values.get(k);
            sb.append(k).append('=').append(isSecret(k) && v != null ? "[hidden]" : v).append('\n');
        }
        return sb.toString();
    }

    /** Whether the key holds a secret that must never be printed. */
    public static boolean isSecret(String key) {
        String k = key.toLowerCase(java.util.Locale.ROOT);
        return k.contains("password") || k.contains("secret") || k.contains("jaas") || k.endsWith(".key")
                || (k.contains("token") && !k.endsWith(".url")) || k.contains("credentials");
    }

    private static String suggestion(String name, Set<String> own, Set<String> other) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (Set<String> set : List.of(own, other)) {
            for (String candidate : set) {
                int d = distance(name, candidate);
                if (d < bestDistance) {
                    bestDistance = d;
                    best = candidate;
                }
            }
        }
        return best != null && bestDistance <= Math.max(2, name.length() / 4) ? "; did you mean '" + best + "'?" : "";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
