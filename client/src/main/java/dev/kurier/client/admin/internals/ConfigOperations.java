package dev.kurier.client.admin.internals;

import dev.kurier.client.admin.AdminResults;
import dev.kurier.client.admin.AlterConfigOp;
import dev.kurier.client.admin.ConfigEntry;
import dev.kurier.client.admin.ConfigResource;
import dev.kurier.client.protocol.Request;
import dev.kurier.client.protocol.Response;
import dev.kurier.client.protocol.message.DescribeConfigsRequest;
import dev.kurier.client.protocol.message.DescribeConfigsResponse;
import dev.kurier.client.protocol.message.IncrementalAlterConfigsRequest;
import dev.kurier.client.protocol.message.IncrementalAlterConfigsResponse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Configs: describe (topics, brokers, broker loggers; with synonyms and documentation) and incremental alter. A
 * broker's own configs go to that broker, everything else to any broker.
 */
final class ConfigOperations {

    private final AdminContext ctx;

    ConfigOperations(AdminContext ctx) {
        this.ctx = ctx;
    }

    AdminResults<ConfigResource, Map<String, ConfigEntry>> describe(Collection<ConfigResource> resources,
                                                                    boolean synonyms, boolean documentation) {
        return ctx.run("describing configs of", Set.copyOf(resources), pending -> byDestination(pending, group -> {
            List<DescribeConfigsRequest.DescribeConfigsResource> asked = new ArrayList<>();
            for (ConfigResource r : group) {
                asked.add(new DescribeConfigsRequest.DescribeConfigsResource(r.type().code, r.name(), null));
            }
            return DescribeConfigsRequest.builder().resources(asked).includeSynonyms(synonyms)
                    .includeDocumentation(documentation).build();
        }, (DescribeConfigsResponse resp) -> {
            Map<ConfigResource, Outcome<Map<String, ConfigEntry>>> out = new HashMap<>();
            for (DescribeConfigsResponse.DescribeConfigsResult r : resp.results()) {
                ConfigResource key = new ConfigResource(ConfigResource.Type.forCode(r.resourceType()), r.resourceName());
                out.put(key, Outcome.of(r.errorCode(), r.errorMessage(), r.errorCode() == 0 ? entries(r) : null));
            }
            return out;
        }), ConfigResource::toString);
    }

    private static Map<String, ConfigEntry> entries(DescribeConfigsResponse.DescribeConfigsResult r) {
        Map<String, ConfigEntry> entries = new LinkedHashMap<>();
        for (DescribeConfigsResponse.DescribeConfigsResourceResult c : r.configs()) {
            List<ConfigEntry.Synonym> synonyms = new ArrayList<>();
            for (DescribeConfigsResponse.DescribeConfigsSynonym s : c.synonyms()) {
                synonyms.add(new ConfigEntry.Synonym(s.name(), s.value(), ConfigEntry.Source.forCode(s.source())));
            }
            entries.put(c.name(), new ConfigEntry(c.name(), c.isSensitive() ? null : c.value(),
                    ConfigEntry.Source.forCode(c.configSource()), c.isSensitive(), c.readOnly(), List.copyOf(synonyms),
                    c.documentation()));
        }
        return Collections.unmodifiableMap(entries);
    }

    AdminResults<ConfigResource, Void> incrementalAlter(Map<ConfigResource, ? extends Collection<AlterConfigOp>> changes,
                                                       boolean validateOnly) {
        return ctx.run("altering configs of", changes.keySet(), pending -> byDestination(pending, group -> {
            List<IncrementalAlterConfigsRequest.AlterConfigsResource> resources = new ArrayList<>();
            for (ConfigResource r : group) {
                List<IncrementalAlterConfigsRequest.AlterableConfig> configs = new ArrayList<>();
                for (AlterConfigOp op : changes.get(r)) {
                    configs.add(new IncrementalAlterConfigsRequest.AlterableConfig(op.name(), (byte) op.op().ordinal(),
                            op.value()));
                }
                resources.add(new IncrementalAlterConfigsRequest.AlterConfigsResource(r.type().code, r.name(), configs));
            }
            return IncrementalAlterConfigsRequest.builder().resources(resources).validateOnly(validateOnly).build();
        }, (IncrementalAlterConfigsResponse resp) -> {
            Map<ConfigResource, Outcome<Void>> out = new HashMap<>();
            for (IncrementalAlterConfigsResponse.AlterConfigsResourceResponse r : resp.responses()) {
                ConfigResource key = new ConfigResource(ConfigResource.Type.forCode(r.resourceType()), r.resourceName());
                out.put(key, Outcome.of(r.errorCode(), r.errorMessage(), null));
            }
            return out;
        }), ConfigResource::toString);
    }

    /**
     * Sends one request per destination: a broker's (or its loggers') configs to that broker, the rest to any
     * broker; merges the answers.
     */
    private <Q extends Request<R>, R extends Response, V> CompletableFuture<Map<ConfigResource, Outcome<V>>> byDestination(
            Set<ConfigResource> pending, Function<List<ConfigResource>, Q> request,
            Function<R, Map<ConfigResource, Outcome<V>>> answers) {
        Map<Integer, List<ConfigResource>> groups = new LinkedHashMap<>();
        for (ConfigResource r : pending) {
            groups.computeIfAbsent(brokerOf(r), b -> new ArrayList<>()).add(r);
        }
        List<CompletableFuture<Map<ConfigResource, Outcome<V>>>> sent = new ArrayList<>();
        groups.forEach((broker, group) -> {
            Q q = request.apply(group);
            CompletableFuture<R> f = broker < 0 ? ctx.anyBroker(q) : ctx.broker(broker, q);
            sent.add(f.thenApply(answers));
        });
        return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).thenApply(v -> {
            Map<ConfigResource, Outcome<V>> all = new HashMap<>();
            sent.forEach(f -> all.putAll(f.join()));
            return all;
        });
    }

    private static int brokerOf(ConfigResource r) {
        boolean brokerScoped = r.type() == ConfigResource.Type.BROKER || r.type() == ConfigResource.Type.BROKER_LOGGER;
        if (!brokerScoped || r.name().isEmpty()) {
            return -1;
        }
        try {
            return Integer.parseInt(r.name());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(r + ": a broker is named by its numeric id");
        }
    }
}
