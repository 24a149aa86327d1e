package dev.kurier.client.config;

import java.util.Objects;

/**
 * A secret config value (a password, key, token or JAAS config). Its {@link #toString()} never shows the value, so
 * a config printed in a log, an exception or Actuator cannot leak it; only {@link #value()} does, on purpose.
 */
public final class Password {

    /** What every secret prints as. */
    public static final String HIDDEN = "[hidden]";

    private final String value;

    /** Wraps {@code value}. */
    public Password(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    /** The secret itself; pass it on, never print it. */
    public String value() {
        return value;
    }

    /** Whether the secret is the empty string. */
    public boolean isEmpty() {
        return value.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Password p && p.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return HIDDEN;
    }
}
