package dev.kurier.client.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * One configuration key: its Kafka name, type, default and allowed values. Parses strings (from properties
 * files, {@code -X key=value}, Spring) and typed values alike, and names the key in every error.
 *
 * @param <T> the parsed type
 */
public final class ConfigKey<T> {

    private final String name;
    private final Class<T> type;
    private final T defaultValue;
    private final String doc;
    private final Function<Object, T> parser;
    private final Validator<T> validator;

    private ConfigKey(String name, Class<T> type, T defaultValue, String doc, Function<Object, T> parser,
                      Validator<T> validator) {
        this.name = name;
        this.type = type;
        this.defaultValue = defaultValue;
        this.doc = doc;
        this.parser = parser;
        this.validator = validator;
    }

    /** Checks a parsed value; throws {@link ConfigException} naming the key. */
    @FunctionalInterface
    public interface Validator<T> {
        /** Throws if {@code value} is not allowed for {@code key}. */
        void check(String key, T value);
    }

    /** The Kafka config key, e.g. {@code linger.ms}. */
    public String name() {
        return name;
    }

    /** The value type. */
    public Class<T> type() {
        return type;
    }

    /** The default value, possibly {@code null} for required keys. */
    public T defaultValue() {
        return defaultValue;
    }

    /** One-line description. */
    public String doc() {
        return doc;
    }

    /** Parses and validates {@code raw} (a String or an already-typed value). */
    public T parse(Object raw) {
        T value;
        try {
            value = raw == null ? null : parser.apply(raw);
        } catch (ConfigException e) {
            throw e;
        } catch (RuntimeException e) {
            // A secret's value never goes into a message, not even a malformed one.
            throw new ConfigException(name, ConfigValues.isSecret(name) ? "cannot use the value given (hidden: "
                    + "it is a secret): " + e.getClass().getSimpleName() : "cannot use '" + raw + "': " + e.getMessage());
        }
        if (validator != null && value != null) {
            validator.check(name, value);
        }
        return value;
    }

    // ---- factories --------------------------------------------------------------------------------

    /** A string key. */
    public static ConfigKey<String> string(String name, String def, String doc) {
        return new ConfigKey<>(name, String.class, def, doc, v -> v.toString().trim(), null);
    }

    /**
     * A secret key (password, private key, token, JAAS config): parsed to a {@link Password} whose
     * {@code toString()} is hidden. Default: none.
     */
    public static ConfigKey<Password> password(String name, String doc) {
        return new ConfigKey<>(name, Password.class, null, doc,
                v -> v instanceof Password p ? p : new Password(v.toString()), null);
    }

    /**
     * A key whose value is an object of {@code type}: an instance, a {@link Class}, or a class name (instantiated
     * with its public no-argument constructor). Default: none.
     */
    public static <T> ConfigKey<T> instance(String name, Class<T> type, String doc) {
        return new ConfigKey<>(name, type, null, doc, v -> {
            if (type.isInstance(v)) {
                return type.cast(v);
            }
            String cls = v instanceof Class<?> c ? c.getName() : v.toString().trim();
            Class<?> loaded;
            try {
                ClassLoader cl = Thread.currentThread().getContextClassLoader();
                loaded = Class.forName(cls, true, cl != null ? cl : ConfigKey.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new ConfigException(name, "class " + cls + " is not on the classpath");
            }
            if (!type.isAssignableFrom(loaded)) {
                throw new ConfigException(name, "class " + cls + " does not implement " + type.getName());
            }
            try {
                return type.cast(loaded.getConstructor().newInstance());
            } catch (ReflectiveOperationException e) {
                throw new ConfigException(name, "cannot create " + cls + " with a public no-argument constructor: " + e);
            }
        }, null);
    }

    /** A string key restricted to {@code allowed} (case-insensitive; stored lower-case). */
    public static ConfigKey<String> choice(String name, String def, String doc, String... allowed) {
        List<String> values = Arrays.asList(allowed);
        return new ConfigKey<>(name, String.class, def, doc, v -> v.toString().trim().toLowerCase(Locale.ROOT),
                (k, v) -> {
                    if (!values.contains(v)) {
                        throw new ConfigException(k, "'" + v + "' is not allowed; use one of " + String.join(", ", values));
                    }
                });
    }

    /** An int key with an inclusive range. */
    public static ConfigKey<Integer> integer(String name, int def, int min, int max, String doc) {
        return new ConfigKey<>(name, Integer.class, def, doc, v -> v instanceof Number n ? n.intValue()
                : Integer.parseInt(v.toString().trim()), range(min, max));
    }

    /** A long key with an inclusive range. */
    public static ConfigKey<Long> longKey(String name, long def, long min, long max, String doc) {
        return new ConfigKey<>(name, Long.class, def, doc, v -> v instanceof Number n ? n.longValue()
                : Long.parseLong(v.toString().trim()), rangeLong(min, max));
    }

    /**
     * A time key in milliseconds (Kafka's {@code *.ms} keys): accepts a number of ms, a {@link Duration}, or
     * a Duration string such as {@code PT5S}.
     */
    public static ConfigKey<Duration> millis(String name, long defMs, long minMs, String doc) {
        return new ConfigKey<>(name, Duration.class, Duration.ofMillis(defMs), doc, ConfigKey::toDuration,
                (k, v) -> {
                    if (v.toMillis() < minMs) {
                        throw new ConfigException(k, "must be at least " + minMs + " ms, got " + v.toMillis());
                    }
                });
    }

    /** A boolean key: {@code true} or {@code false} only. */
    public static ConfigKey<Boolean> bool(String name, boolean def, String doc) {
        return new ConfigKey<>(name, Boolean.class, def, doc, v -> {
            if (v instanceof Boolean b) {
                return b;
            }
            String s = v.toString().trim().toLowerCase(Locale.ROOT);
            if (!s.equals("true") && !s.equals("false")) {
                throw new ConfigException(name, "'" + v + "' is not a boolean; use true or false");
            }
            return Boolean.parseBoolean(s);
        }, null);
    }

    /** A comma-separated list key. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static ConfigKey<List<String>> list(String name, List<String> def, String doc) {
        return new ConfigKey<>(name, (Class) List.class, def, doc, v -> {
            if (v instanceof List<?> l) {
                List<String> out = new ArrayList<>();
                for (Object o : l) {
                    out.add(Objects.toString(o).trim());
                }
                return List.copyOf(out);
            }
            List<String> out = new ArrayList<>();
            for (String s : v.toString().split(",")) {
                if (!s.isBlank()) {
                    out.add(s.trim());
                }
            }
            return List.copyOf(out);
        }, null);
    }

    private static Duration toDuration(Object v) {
        if (v instanceof Duration d) {
            return d;
        }
        if (v instanceof Number n) {
            return Duration.ofMillis(n.longValue());
        }
        String s = v.toString().trim();
        if (s.startsWith("P") || s.startsWith("p")) {
            return Duration.parse(s);
        }
        return Duration.ofMillis(Long.parseLong(s));
    }

    private static Validator<Integer> range(int min, int max) {
        return (k, v) -> {
            if (v < min || v > max) {
                throw new ConfigException(k, "must be between " + min + " and " + max + ", got " + v);
            }
        };
    }

    private static Validator<Long> rangeLong(long min, long max) {
        return (k, v) -> {
            if (v < min || v > max) {
                throw new ConfigException(k, "must be between " + min + " and " + max + ", got " + v);
            }
        };
    }

    @Override
    public String toString() {
        return name;
    }
}
