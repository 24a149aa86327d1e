package dev.kurier.client.admin;

/**
 * How an ACL's resource name matches, with Kafka's wire codes (the ordinal): LITERAL (the name, or {@code *} for
 * all), PREFIXED (names starting with it); in filters also ANY (either) and MATCH (every ACL that would apply to
 * the name).
 */
public enum PatternType {
    UNKNOWN, ANY, MATCH, LITERAL, PREFIXED;

    /** The pattern type with this wire code (UNKNOWN for codes this client does not know). */
    public static PatternType forCode(byte code) {
        return code >= 0 && code < values().length ? values()[code] : UNKNOWN;
    }

    /** The wire code. */
    public byte code() {
        return (byte) ordinal();
    }
}
