package dev.kurier.protocol.generator;

/**
 * A range of message versions as the schemas write it: {@code "3"}, {@code "3+"}, {@code "1-4"} or {@code "none"}.
 * Open ranges end at {@link Short#MAX_VALUE}.
 */
public record Versions(short lowest, short highest) {

    /** The empty range. */
    static final Versions NONE = new Versions((short) 0, (short) -1);

    public static Versions parse(String text) {
        if (text == null) {
            return NONE;
        }
        String s = text.trim();
        if (s.isEmpty() || s.equals("none")) {
            return NONE;
        }
        if (s.endsWith("+")) {
            return new Versions(Short.parseShort(s.substring(0, s.length() - 1)), Short.MAX_VALUE);
        }
        int dash = s.indexOf('-');
        if (dash > 0) {
            return new Versions(Short.parseShort(s.substring(0, dash)), Short.parseShort(s.substring(dash + 1)));
        }
        short v = Short.parseShort(s);
        return new Versions(v, v);
    }

    public boolean isEmpty() {
        return highest < lowest;
    }

    public boolean contains(int version) {
        return version >= lowest && version <= highest;
    }

    /** Whether every version of {@code other} is in this range (the empty range is in every range). */
    boolean covers(Versions other) {
        return other.isEmpty() || (!isEmpty() && lowest <= other.lowest && highest >= other.highest);
    }

    Versions intersect(Versions other) {
        if (isEmpty() || other.isEmpty()) {
            return NONE;
        }
        short lo = (short) Math.max(lowest, other.lowest);
        short hi = (short) Math.min(highest, other.highest);
        return hi < lo ? NONE : new Versions(lo, hi);
    }

    /** This range without versions above {@code max}. */
    Versions capAt(int max) {
        return intersect(new Versions((short) 0, (short) max));
    }

    /**
     * A Java condition on {@code variable} that holds for the versions of this range, written as briefly as the
     * {@code context} range (the versions the code can run at) allows; {@code "true"} when it covers the context.
     */
    String condition(String variable, Versions context) {
        Versions in = intersect(context);
        if (in.isEmpty()) {
            return "false";
        }
        boolean lowerNeeded = in.lowest > context.lowest;
        boolean upperNeeded = in.highest < context.highest;
        if (!lowerNeeded && !upperNeeded) {
            return "true";
        }
        if (lowerNeeded && upperNeeded) {
            return in.lowest == in.highest
                    ? variable + " == " + in.lowest
                    : variable + " >= " + in.lowest + " && " + variable + " <= " + in.highest;
        }
        return lowerNeeded ? variable + " >= " + in.lowest : variable + " <= " + in.highest;
    }

    /** As the error messages say it: {@code v3+}, {@code v1-4}, {@code v2}, {@code no version}. */
    public String describe() {
        if (isEmpty()) {
            return "no version";
        }
        if (highest == Short.MAX_VALUE) {
            return "v" + lowest + "+";
        }
        return lowest == highest ? "v" + lowest : "v" + lowest + "-" + highest;
    }

    @Override
    public String toString() {
        return describe();
    }
}
