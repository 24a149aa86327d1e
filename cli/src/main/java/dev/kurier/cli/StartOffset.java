package dev.kurier.cli;

/**
 * Where {@code consume} starts in each partition ({@code -o}).
 *
 * @param kind  what {@code value} means
 * @param value the absolute offset for {@link Kind#ABSOLUTE}, the record count for {@link Kind#FROM_END}
 */
record StartOffset(Kind kind, long value) {

    /** The forms of {@code -o}. */
    enum Kind {
        /** The first available record. */
        BEGINNING,
        /** Only records written from now on. */
        END,
        /** A given offset. */
        ABSOLUTE,
        /** The last {@code value} records. */
        FROM_END
    }

    /** Parses {@code beginning}, {@code end}, {@code OFFSET} or {@code -N}. */
    static StartOffset parse(String s, Help.Topic help) {
        switch (s) {
            case "beginning":
                return new StartOffset(Kind.BEGINNING, 0);
            case "end":
                return new StartOffset(Kind.END, 0);
            default:
                break;
        }
        long n;
        try {
            n = Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new UsageException(help, "option -o/--offset: '" + s
                    + "' is not beginning, end, an offset or -N (the last N records)");
        }
        return n >= 0 ? new StartOffset(Kind.ABSOLUTE, n)
                : new StartOffset(Kind.FROM_END, n == Long.MIN_VALUE ? Long.MAX_VALUE : -n);
    }
}
