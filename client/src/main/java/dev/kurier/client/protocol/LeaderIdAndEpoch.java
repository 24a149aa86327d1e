package dev.kurier.client.protocol;

import io.netty.buffer.ByteBuf;

/**
 * A partition's current leader as a broker reports it with NOT_LEADER_OR_FOLLOWER or FENCED_LEADER_EPOCH
 * (the CurrentLeader tagged field of Produce v10+ and Fetch v12+ responses). Both fields default to -1.
 */
public record LeaderIdAndEpoch(int leaderId, int leaderEpoch) {

    /** The value Kafka treats as absent. */
    public static final LeaderIdAndEpoch UNKNOWN = new LeaderIdAndEpoch(-1, -1);

    /** Serialized size, including the structure's empty tagged-field section. */
    static final int SIZE = 4 + 4 + 1;

    /** Whether this equals the default (both -1), in which case the tagged field is not written. */
    public boolean isDefault() {
        return leaderId == -1 && leaderEpoch == -1;
    }

    void write(ByteBuf out) {
        out.writeInt(leaderId);
        out.writeInt(leaderEpoch);
        Primitives.writeEmptyTaggedFields(out);
    }

    static LeaderIdAndEpoch read(ByteBuf in) {
        int leaderId = Fields.readInt32(in, "CurrentLeader.LeaderId");
        int leaderEpoch = Fields.readInt32(in, "CurrentLeader.LeaderEpoch");
        Primitives.skipTaggedFields(in);
        return new LeaderIdAndEpoch(leaderId, leaderEpoch);
    }
}
