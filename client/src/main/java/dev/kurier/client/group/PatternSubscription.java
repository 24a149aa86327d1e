package dev.kurier.client.group;

import dev.kurier.client.cluster.ClusterSnapshot;
import dev.kurier.client.cluster.MetadataManager;
import dev.kurier.client.cluster.TopicInfo;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A subscription by topic name pattern: which topics of the cluster match it, re-read from a metadata request for
 * all topics every {@code metadata.max.age.ms}. Internal topics ({@code __consumer_offsets}, ...) never match, and
 * neither do topics the broker lists with an error and no partitions. Polling thread only; the metadata round
 * trip runs in the background and {@link #poll} picks up its answer.
 */
final class PatternSubscription {

    private static final Logger log = LoggerFactory.getLogger(PatternSubscription.class);

    private final Pattern pattern;
    private final long intervalNanos;
    private CompletableFuture<ClusterSnapshot> inFlight;
    private long lastStartNanos;
    /** The matching topics, sorted; {@code null} until the first answer. */
    private List<String> matched;

    /**
     * @param pattern  the topic names to read ({@link java.util.regex.Matcher#matches() whole-name} matches)
     * @param interval how often to list the cluster's topics again ({@code metadata.max.age.ms})
     */
    PatternSubscription(Pattern pattern, Duration interval) {
        this.pattern = pattern;
        this.intervalNanos = Math.max(1, interval.toNanos());
    }

    Pattern pattern() {
        return pattern;
    }

    /** Whether the matching topics are known (the first listing answered). */
    boolean resolved() {
        return matched != null;
    }

    /** The listing under way, or {@code null}; for a poll waiting on the first answer. */
    CompletableFuture<ClusterSnapshot> inFlight() {
        return inFlight;
    }

    /**
     * Takes in a finished listing and starts the next one when due. Returns the matching topics when they differ
     * from what the previous call returned (the first answer always counts as a change), else {@code null}.
     */
    List<String> poll(MetadataManager metadata, String groupId) {
        List<String> changed = null;
        CompletableFuture<ClusterSnapshot> f = inFlight;
        if (f != null && f.isDone()) {
            inFlight = null;
            if (f.isCompletedExceptionally()) {
                // Keep the topics we have; the next listing is due after the interval (or retry soon if none yet).
                log.debug("group {}: listing topics for pattern {} failed: {}", groupId, pattern,
                        f.handle((v, e) -> String.valueOf(e)).join());
                if (matched == null) {
                    lastStartNanos = System.nanoTime() - intervalNanos + Math.min(intervalNanos, 200_000_000L);
                }
            } else {
                List<String> now = match(f.join());
                if (!now.equals(matched)) {
                    changed = now;
                    matched = now;
                }
            }
        }
        if (inFlight == null && (lastStartNanos == 0 || System.nanoTime() - lastStartNanos >= intervalNanos)) {
            lastStartNanos = System.nanoTime();
            inFlight = metadata.describeAll();
        }
        return changed;
    }

    /** The matching topics of {@code snapshot}, sorted. */
    List<String> match(ClusterSnapshot snapshot) {
        TreeSet<String> out = new TreeSet<>();
        for (TopicInfo t : snapshot.topics()) {
            if (!t.internal() && !t.partitions().isEmpty() && pattern.matcher(t.name()).matches()) {
                out.add(t.name());
            }
        }
        return List.copyOf(out);
    }
}
