package dev.kurier.client.admin;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The outcome of an admin operation over several entities (topics, partitions, groups, config resources): one
 * future per entity, so that one topic that fails does not hide the others that succeeded.
 *
 * @param <K> the entity
 * @param <V> what each entity's operation yields ({@code Void} when nothing)
 */
public final class AdminResults<K, V> {

    private final Map<K, CompletableFuture<V>> values;

    /** Results over these futures, in the order given. */
    public AdminResults(Map<K, CompletableFuture<V>> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** Each entity's future. */
    public Map<K, CompletableFuture<V>> values() {
        return values;
    }

    /**
     * The future of one entity.
     *
     * @throws IllegalArgumentException if the operation was not asked about {@code key}
     */
    public CompletableFuture<V> value(K key) {
        CompletableFuture<V> f = values.get(key);
        if (f == null) {
            throw new IllegalArgumentException(key + " was not part of this operation; it covered " + values.keySet());
        }
        return f;
    }

    /**
     * Completes with every entity's value once all succeeded, or fails with the first failure (in the order the
     * entities were given) once all are done.
     */
    public CompletableFuture<Map<K, V>> all() {
        return CompletableFuture.allOf(values.values().toArray(CompletableFuture[]::new)).handle((v, e) -> {
            Map<K, V> out = new LinkedHashMap<>();
            for (Map.Entry<K, CompletableFuture<V>> entry : values.entrySet()) {
                CompletableFuture<V> f = entry.getValue();
                if (f.isCompletedExceptionally()) {
                    f.join(); // throws that entity's CompletionException
                }
                out.put(entry.getKey(), f.join());
            }
            return Collections.unmodifiableMap(out);
        });
    }

    @Override
    public String toString() {
        return "AdminResults" + values.keySet();
    }
}
