package dev.kurier.client.config;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Base of the per-client-type configs (producer, consumer, admin): parsed values of that type's keys; keys of
 * other Kurier client types in the same map are ignored, unknown keys rejected.
 */
public abstract class TypedConfig {

    private final ConfigValues values;

    /** Parses {@code raw} against {@code keys}. */
    protected TypedConfig(Collection<ConfigKey<?>> keys, Map<String, ?> raw) {
        this.values = ConfigValues.parse(keys, KnownKeys.allExcept(keys), raw);
    }

    /** The value of {@code key}. */
    public <T> T get(ConfigKey<T> key) {
        return values.get(key);
    }

    /** Whether {@code key} was set explicitly. */
    public boolean isSet(ConfigKey<?> key) {
        return values.isSet(key);
    }

    /** Every value with defaults. */
    public Map<String, Object> values() {
        return values.asMap();
    }

    /** Converts properties to a map. */
    protected static Map<String, Object> toMap(Properties props) {
        Map<String, Object> m = new LinkedHashMap<>();
        props.forEach((k, v) -> m.put(k.toString(), v));
        return m;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "{\n" + values + "}";
    }
}
