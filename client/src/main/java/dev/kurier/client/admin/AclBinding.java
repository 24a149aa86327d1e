package dev.kurier.client.admin;

import java.util.Objects;

/**
 * An ACL: who ({@code principal}, from {@code host}) may or may not do {@code operation} on which resources.
 *
 * @param resourceType what kind of resource
 * @param resourceName the resource's name ({@code *} with LITERAL: all of that type)
 * @param patternType LITERAL or PREFIXED
 * @param principal the principal, as {@code User:alice}
 * @param host the client host, {@code *} for any
 * @param operation what it is about
 * @param permission ALLOW or DENY
 */
public record AclBinding(ResourceType resourceType, String resourceName, PatternType patternType, String principal,
                         String host, AclOperation operation, AclPermissionType permission) {

    /** Checks that the binding names one concrete ACL (no ANY, no nulls). */
    public AclBinding {
        Objects.requireNonNull(resourceName, "resourceName");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(host, "host");
        if (resourceType == null || resourceType == ResourceType.ANY || resourceType == ResourceType.UNKNOWN
                || patternType == null || (patternType != PatternType.LITERAL && patternType != PatternType.PREFIXED)
                || operation == null || operation == AclOperation.ANY || operation == AclOperation.UNKNOWN
                || permission == null || permission == AclPermissionType.ANY || permission == AclPermissionType.UNKNOWN) {
            throw new IllegalArgumentException("an ACL names a resource type, LITERAL or PREFIXED, an operation and "
                    + "ALLOW or DENY; ANY and UNKNOWN belong in filters: " + resourceType + " " + patternType + " "
                    + operation + " " + permission);
        }
    }

    /** {@code principal} may do {@code operation} on the resource named literally, from any host. */
    public static AclBinding allow(ResourceType type, String name, String principal, AclOperation operation) {
        return new AclBinding(type, name, PatternType.LITERAL, principal, "*", operation, AclPermissionType.ALLOW);
    }

    /** The filter that matches exactly this ACL. */
    public AclBindingFilter toFilter() {
        return new AclBindingFilter(resourceType, resourceName, patternType, principal, host, operation, permission);
    }
}
