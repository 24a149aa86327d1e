package dev.kurier.cli;

import java.util.Objects;

/**
 * One command-line option: a short form ({@code -t}), a long form ({@code --topic}) or both, and whether it
 * takes a value and may be repeated.
 *
 * @param id         the name values are stored under (the long name without dashes, or the short letter)
 * @param shortName  {@code -x} form, or {@code null}
 * @param longName   {@code --name} form, or {@code null}
 * @param valueName  placeholder of the value in messages ({@code TOPIC}), or {@code null} for a flag
 * @param repeatable whether the option may be given more than once
 */
public record Option(String id, String shortName, String longName, String valueName, boolean repeatable) {

    /** Validates that there is at least one form. */
    public Option {
        Objects.requireNonNull(id, "id");
        if (shortName == null && longName == null) {
            throw new IllegalArgumentException("option " + id + " has no name");
        }
    }

    /** An option with a value, given at most once. */
    static Option value(String id, String shortName, String longName, String valueName) {
        return new Option(id, shortName, longName, valueName, false);
    }

    /** An option with a value that may be given several times. */
    static Option repeatable(String id, String shortName, String longName, String valueName) {
        return new Option(id, shortName, longName, valueName, true);
    }

    /** An option without a value. */
    static Option flag(String id, String shortName, String longName) {
        return new Option(id, shortName, longName, null, false);
    }

    /** Whether the option takes a value. */
    public boolean takesValue() {
        return valueName != null;
    }

    /** How messages name it: {@code -t/--topic}. */
    public String display() {
        if (shortName != null && longName != null) {
            return shortName + "/" + longName;
        }
        return shortName != null ? shortName : longName;
    }
}
