package dev.kurier.client.admin;

/** Whether an ACL allows or denies, with Kafka's wire codes (the ordinal). ANY matches both in a filter. */
public enum AclPermissionType {
    UNKNOWN, ANY, DENY, ALLOW;

    /** The permission with this wire code (UNKNOWN for codes this client does not know). */
    public static AclPermissionType forCode(byte code) {
        return code >= 0 && code < values().length ? values()[code] : UNKNOWN;
    }

    /** The wire code. */
    public byte code() {
        return (byte) ordinal();
    }
}
