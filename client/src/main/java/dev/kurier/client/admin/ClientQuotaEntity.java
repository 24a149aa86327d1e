package dev.kurier.client.admin;

import java.util.Map;
import java.util.TreeMap;

/**
 * Whom a client quota applies to: entity types ({@code user}, {@code client-id}, {@code ip}) with a name each, or
 * null for the type's default.
 *
 * @param entries entity type to name (null: the default entity of that type)
 */
public record ClientQuotaEntity(Map<String, String> entries) {

    /** Copies the entries, sorted by type. */
    public ClientQuotaEntity {
        entries = java.util.Collections.unmodifiableMap(new TreeMap<>(entries));
    }

    /** The quotas of one user. */
    public static ClientQuotaEntity user(String name) {
        java.util.Map<String, String> m = new java.util.HashMap<>();
        m.put("user", name);
        return new ClientQuotaEntity(m);
    }

    /** The quotas of one client id. */
    public static ClientQuotaEntity clientId(String id) {
        java.util.Map<String, String> m = new java.util.HashMap<>();
        m.put("client-id", id);
        return new ClientQuotaEntity(m);
    }
}
