package dev.kurier.client.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * JoinGroup request (key 11), v6-9: a member joins (or rejoins) a classic group, offering the protocols it
 * supports with their metadata (for consumers, a {@link ConsumerProtocolSubscription} per assignor).
 *
 * @param groupId            the group
 * @param sessionTimeoutMs   the member is dead after this long without a heartbeat
 * @param rebalanceTimeoutMs how long the coordinator waits for members to rejoin during a rebalance
 * @param memberId           the id the coordinator gave this member, or "" on the first join
 * @param groupInstanceId    the static membership id, nullable
 * @param protocolType       the protocol family, {@link ConsumerProtocol#PROTOCOL_TYPE} for consumers
 * @param protocols          the protocols this member supports, in order of preference (names unique)
 * @param reason             why the member (re)joins, nullable (v8+; default null)
 */
public record JoinGroupRequest(String groupId, int sessionTimeoutMs, int rebalanceTimeoutMs, String memberId,
        String groupInstanceId, String protocolType, List<Protocol> protocols, String reason)
        implements Request<JoinGroupResponse> {

    /**
     * One supported protocol.
     *
     * @param name     the protocol (assignor) name
     * @param metadata the protocol metadata; not copied
     */
    public record Protocol(String name, byte[] metadata) {
    }

    /** Copies the protocol list. */
    public JoinGroupRequest {
        protocols = Fields.copyOrEmpty(protocols);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.JOIN_GROUP;
    }

    @Override
    public void write(ByteBuf out, short version) {
        VersionRules.check(ApiKey.JOIN_GROUP, version);
        if (version < 8) {
            VersionRules.requireDefault(reason == null, "JoinGroupRequest.reason", version, "v8+");
        }
        Fields.writeCompactString(out, groupId, "JoinGroupRequest.groupId");
        out.writeInt(sessionTimeoutMs);
        out.writeInt(rebalanceTimeoutMs);
        Fields.writeCompactString(out, memberId, "JoinGroupRequest.memberId");
        Primitives.writeCompactNullableString(out, groupInstanceId);
        Fields.writeCompactString(out, protocolType, "JoinGroupRequest.protocolType");
        Fields.writeCompactArray(out, protocols, (o, p) -> {
            Fields.writeCompactString(o, p.name(), "JoinGroupRequest.protocols.name");
            Fields.writeCompactBytes(o, p.metadata(), "JoinGroupRequest.protocols.metadata");
            Primitives.writeEmptyTaggedFields(o);
        });
        if (version >= 8) {
            Primitives.writeCompactNullableString(out, reason);
        }
        Primitives.writeEmptyTaggedFields(out);
    }

    @Override
    public JoinGroupResponse readResponse(ByteBuf in, short version) {
        return JoinGroupResponse.read(in, version);
    }

    /** Reads a request body (used by tests that play the broker). */
    public static JoinGroupRequest read(ByteBuf in, short version) {
        VersionRules.check(ApiKey.JOIN_GROUP, version);
        String groupId = Fields.readCompactString(in, "JoinGroupRequest.groupId");
        int sessionTimeout = Fields.readInt32(in, "JoinGroupRequest.sessionTimeoutMs");
        int rebalanceTimeout = Fields.readInt32(in, "JoinGroupRequest.rebalanceTimeoutMs");
        String memberId = Fields.readCompactString(in, "JoinGroupRequest.memberId");
        String instanceId = Primitives.readCompactNullableString(in);
        String protocolType = Fields.readCompactString(in, "JoinGroupRequest.protocolType");
        List<Protocol> protocols = Fields.readCompactArray(in, "JoinGroupRequest.protocols", b -> {
            String name = Fields.readCompactString(b, "JoinGroupRequest.protocols.name");
            byte[] metadata = Fields.readCompactBytes(b, "JoinGroupRequest.protocols.metadata");
            Primitives.skipTaggedFields(b);
            return new Protocol(name, metadata);
        });
        String reason = version >= 8 ? Primitives.readCompactNullableString(in) : null;
        Primitives.skipTaggedFields(in);
        return new JoinGroupRequest(groupId, sessionTimeout, rebalanceTimeout, memberId, instanceId, protocolType,
                protocols, reason);
    }
}
