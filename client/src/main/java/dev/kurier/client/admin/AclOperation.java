package dev.kurier.client.admin;

import java.util.EnumSet;
import java.util.Set;

/** What an ACL allows, with Kafka's wire codes (also the bits of an authorized-operations field). */
public enum AclOperation {
    UNKNOWN, ANY, ALL, READ, WRITE, CREATE, DELETE, ALTER, DESCRIBE, CLUSTER_ACTION, DESCRIBE_CONFIGS, ALTER_CONFIGS,
    IDEMPOTENT_WRITE, CREATE_TOKENS, DESCRIBE_TOKENS, TWO_PHASE_COMMIT;

    /** The operation with this wire code (UNKNOWN for codes this client does not know). */
    public static AclOperation forCode(byte code) {
        return code >= 0 && code < values().length ? values()[code] : UNKNOWN;
    }

    /** The operations an authorized-operations bit field holds; null when the broker did not fill it in. */
    public static Set<AclOperation> fromBits(int bits) {
        if (bits == Integer.MIN_VALUE) {
            return null;
        }
        Set<AclOperation> out = EnumSet.noneOf(AclOperation.class);
        for (AclOperation op : values()) {
            if ((bits & (1 << op.ordinal())) != 0) {
                out.add(op);
            }
        }
        return out;
    }
}
