package dev.kurier.client.admin;

/**
 * Which ACLs to describe or delete: null names, principal and host match any, as do the ANY values.
 *
 * @param resourceType the resource type, or ANY
 * @param resourceName the resource name, or null for any
 * @param patternType LITERAL, PREFIXED, ANY, or MATCH (every ACL that applies to {@code resourceName})
 * @param principal the principal, or null for any
 * @param host the host, or null for any
 * @param operation the operation, or ANY
 * @param permission ALLOW, DENY or ANY
 */
public record AclBindingFilter(ResourceType resourceType, String resourceName, PatternType patternType,
                               String principal, String host, AclOperation operation, AclPermissionType permission) {

    /** Every ACL. */
    public static final AclBindingFilter ANY = new AclBindingFilter(ResourceType.ANY, null, PatternType.ANY, null, null,
            AclOperation.ANY, AclPermissionType.ANY);

    /** Fills nulls in the enums with ANY. */
    public AclBindingFilter {
        resourceType = resourceType == null ? ResourceType.ANY : resourceType;
        patternType = patternType == null ? PatternType.ANY : patternType;
        operation = operation == null ? AclOperation.ANY : operation;
        permission = permission == null ? AclPermissionType.ANY : permission;
    }

    /** Every ACL of {@code principal}. */
    public static AclBindingFilter forPrincipal(String principal) {
        return new AclBindingFilter(ResourceType.ANY, null, PatternType.ANY, principal, null, AclOperation.ANY,
                AclPermissionType.ANY);
    }

    /** Every ACL of one resource, named literally. */
    public static AclBindingFilter forResource(ResourceType type, String name) {
        return new AclBindingFilter(type, name, PatternType.LITERAL, null, null, AclOperation.ANY,
                AclPermissionType.ANY);
    }
}
