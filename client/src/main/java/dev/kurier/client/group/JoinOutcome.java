package dev.kurier.client.group;

import dev.kurier.client.group.assignor.Assignment;
import java.util.Map;

/** How a join round ended; the polling thread acts on it (callbacks, rejoin, errors). */
sealed interface JoinOutcome {

    /**
     * The member is in generation {@code generation} with {@code assignment}.
     *
     * @param leaderTopicCounts partition counts the leader assigned from (to notice changes), or {@code null}
     *                          when this member is not the leader
     */
    record Joined(Generation generation, Assignment assignment, Map<String, Integer> leaderTopicCounts)
            implements JoinOutcome {
    }

    /** The coordinator dropped this membership: partitions owned so far are lost; join again. */
    record Lost(String reason) implements JoinOutcome {
    }

    /** The round failed with {@code error}; {@code fatal} errors end the member's use of the group. */
    record Failed(RuntimeException error, boolean fatal) implements JoinOutcome {
    }

    /** A newer round, a leave or close superseded this one. */
    record Abandoned() implements JoinOutcome {
    }
}
