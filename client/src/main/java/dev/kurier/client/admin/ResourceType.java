package dev.kurier.client.admin;

/** What an ACL protects, with Kafka's wire codes (the ordinal). ANY matches every type in a filter. */
public enum ResourceType {
    UNKNOWN, ANY, TOPIC, GROUP, CLUSTER, TRANSACTIONAL_ID, DELEGATION_TOKEN, USER;

    /** The type with this wire code (UNKNOWN for codes this client does not know). */
    public static ResourceType forCode(byte code) {
        return code >= 0 && code < values().length ? values()[code] : UNKNOWN;
    }

    /** The wire code. */
    public byte code() {
        return (byte) ordinal();
    }
}
