package dev.kurier.client.admin.internals;

import dev.kurier.client.admin.AclBinding;
import dev.kurier.client.admin.AclBindingFilter;
import dev.kurier.client.admin.AclOperation;
import dev.kurier.client.admin.AclPermissionType;
import dev.kurier.client.admin.AdminResults;
import dev.kurier.client.admin.PatternType;
import dev.kurier.client.admin.ResourceType;
import dev.kurier.client.protocol.Errors;
import dev.kurier.client.protocol.KafkaErrorException;
import dev.kurier.client.protocol.message.CreateAclsRequest;
import dev.kurier.client.protocol.message.DeleteAclsRequest;
import dev.kurier.client.protocol.message.DeleteAclsResponse;
import dev.kurier.client.protocol.message.DescribeAclsRequest;
import dev.kurier.client.protocol.message.DescribeAclsResponse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** ACLs: create, describe and delete with filters. Answers come in the order of the request's entries. */
final class AclOperations {

    private final AdminContext ctx;

    AclOperations(AdminContext ctx) {
        this.ctx = ctx;
    }

    AdminResults<AclBinding, Void> create(Collection<AclBinding> acls) {
        return ctx.run("creating", new LinkedHashSet<>(acls), pending -> {
            List<AclBinding> order = List.copyOf(pending);
            List<CreateAclsRequest.AclCreation> creations = new ArrayList<>();
            for (AclBinding a : order) {
                creations.add(new CreateAclsRequest.AclCreation(a.resourceType().code(), a.resourceName(),
                        a.patternType().code(), a.principal(), a.host(), (byte) a.operation().ordinal(),
                        a.permission().code()));
            }
            return ctx.anyBroker(CreateAclsRequest.builder().creations(creations).build()).thenApply(resp -> {
                Map<AclBinding, Outcome<Void>> out = new HashMap<>();
                for (int i = 0; i < Math.min(order.size(), resp.results().size()); i++) {
                    out.put(order.get(i), Outcome.of(resp.results().get(i).errorCode(),
                            resp.results().get(i).errorMessage(), null));
                }
                return out;
            });
        }, a -> "ACL " + a);
    }

    CompletableFuture<List<AclBinding>> describe(AclBindingFilter f) {
        return ctx.anyBroker(DescribeAclsRequest.builder().resourceTypeFilter(f.resourceType().code())
                .resourceNameFilter(f.resourceName()).patternTypeFilter(f.patternType().code())
                .principalFilter(f.principal()).hostFilter(f.host()).operation((byte) f.operation().ordinal())
                .permissionType(f.permission().code()).build()).thenApply(resp -> {
                    if (resp.errorCode() != 0) {
                        throw new KafkaErrorException(Errors.forCode(resp.errorCode()), "describing ACLs matching "
                                + f + (resp.errorMessage() == null ? "" : ": " + resp.errorMessage()));
                    }
                    List<AclBinding> out = new ArrayList<>();
                    for (DescribeAclsResponse.DescribeAclsResource r : resp.resources()) {
                        for (DescribeAclsResponse.AclDescription a : r.acls()) {
                            out.add(binding(r.resourceType(), r.resourceName(), r.patternType(), a.principal(),
                                    a.host(), a.operation(), a.permissionType()));
                        }
                    }
                    return List.copyOf(out);
                });
    }

    AdminResults<AclBindingFilter, List<AclBinding>> delete(Collection<AclBindingFilter> filters) {
        return ctx.run("deleting ACLs matching", new LinkedHashSet<>(filters), pending -> {
            List<AclBindingFilter> order = List.copyOf(pending);
            List<DeleteAclsRequest.DeleteAclsFilter> wire = new ArrayList<>();
            for (AclBindingFilter f : order) {
                wire.add(new DeleteAclsRequest.DeleteAclsFilter(f.resourceType().code(), f.resourceName(),
                        f.patternType().code(), f.principal(), f.host(), (byte) f.operation().ordinal(),
                        f.permission().code()));
            }
            return ctx.anyBroker(DeleteAclsRequest.builder().filters(wire).build()).thenApply(resp -> {
                Map<AclBindingFilter, Outcome<List<AclBinding>>> out = new HashMap<>();
                for (int i = 0; i < Math.min(order.size(), resp.filterResults().size()); i++) {
                    DeleteAclsResponse.DeleteAclsFilterResult r = resp.filterResults().get(i);
                    List<AclBinding> deleted = new ArrayList<>();
                    for (DeleteAclsResponse.DeleteAclsMatchingAcl m : r.matchingAcls()) {
                        deleted.add(binding(m.resourceType(), m.resourceName(), m.patternType(), m.principal(),
                                m.host(), m.operation(), m.permissionType()));
                    }
                    out.put(order.get(i), Outcome.of(r.errorCode(), r.errorMessage(), List.copyOf(deleted)));
                }
                return out;
            });
        }, f -> f.toString());
    }

    private static AclBinding binding(byte type, String name, byte pattern, String principal, String host,
                                      byte operation, byte permission) {
        return new AclBinding(ResourceType.forCode(type), name, PatternType.forCode(pattern), principal, host,
                AclOperation.forCode(operation), AclPermissionType.forCode(permission));
    }
}
