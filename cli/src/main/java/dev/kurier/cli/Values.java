package dev.kurier.cli;

/** Reads typed option values, turning bad ones into usage errors that name the option. */
final class Values {

    private Values() {
    }

    /** The value of a required option. */
    static String required(ParsedOptions options, String id, String display, Help.Topic help) {
        String v = options.get(id);
        if (v == null) {
            throw new UsageException(help, "option " + display + " is required");
        }
        if (v.isEmpty()) {
            throw new UsageException(help, "option " + display + " needs a non-empty value");
        }
        return v;
    }

    /** An int in {@code [min, max]}, or {@code null} when the option is absent. */
    static Integer intIn(ParsedOptions options, String id, String display, int min, int max, Help.Topic help) {
        Long v = longIn(options, id, display, min, max, help);
        return v == null ? null : v.intValue();
    }

    /** A long in {@code [min, max]}, or {@code null} when the option is absent. */
    static Long longIn(ParsedOptions options, String id, String display, long min, long max, Help.Topic help) {
        String s = options.get(id);
        if (s == null) {
            return null;
        }
        long v;
        try {
            v = Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(help, "option " + display + ": '" + s + "' is not a number");
        }
        if (v < min || v > max) {
            throw new UsageException(help, "option " + display + ": " + v + " is out of range ["
                    + min + ", " + (max == Integer.MAX_VALUE || max == Long.MAX_VALUE ? "..." : max) + "]");
        }
        return v;
    }

    /** Splits {@code KEY=VALUE}; a usage error naming {@code display} without '=' or with an empty key. */
    static String[] keyValue(String kv, String display, Help.Topic help) {
        int eq = kv.indexOf('=');
        if (eq <= 0) {
            throw new UsageException(help, "option " + display + " needs KEY=VALUE, got '" + kv + "'");
        }
        return new String[] {kv.substring(0, eq), kv.substring(eq + 1)};
    }
}
