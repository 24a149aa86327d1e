package dev.kurier.client.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * FindCoordinator response (key 10), v3-6. v3 answers for one key with top-level fields; v4+ answers per key
 * in {@code coordinators}. {@link #results(String)} gives the per-key view at any version.
 *
 * @param throttleTimeMs how long the broker throttled the request
 * @param errorCode      v3 only (default 0)
 * @param errorMessage   v3 only, nullable (default "")
 * @param nodeId         v3 only (default 0)
 * @param host           v3 only (default "")
 * @param port           v3 only (default 0)
 * @param coordinators   v4+ (default empty)
 */
public record FindCoordinatorResponse(int throttleTimeMs, short errorCode, String errorMessage, int nodeId, String host,
        int port, List<Coordinator> coordinators) implements Response {

    /**
     * The coordinator for one key (v4+).
     *
     * @param errorMessage nullable
     */
    public record Coordinator(String key, int nodeId, String host, int port, short errorCode, String errorMessage) {
    }

    /** Copies the coordinator list. */
    public FindCoordinatorResponse {
        coordinators = Fields.copyOrEmpty(coordinators);
    }

    /**
     * The result per key whatever the version: {@code coordinators} when present (v4+), else the v3 top-level
     * fields as one entry for {@code requestedKey}.
     */
    public List<Coordinator> results(String requestedKey) {
        if (!coordinators.isEmpty()) {
            return coordinators;
        }
        return List.of(new Coordinator(requestedKey, nodeId, host, port, errorCode, errorMessage));
    }

    /** Reads the body at {@code version}. */
    public static FindCoordinatorResponse read(ByteBuf in, short version) {
        VersionRules.check(ApiKey.FIND_COORDINATOR, version);
        int throttle = Fields.readInt32(in, "FindCoordinatorResponse.throttleTimeMs");
        short errorCode = 0;
        String errorMessage = "";
        int nodeId = 0;
        String host = "";
        int port = 0;
        List<Coordinator> coordinators = List.of();
        if (version <= 3) {
            errorCode = Fields.readInt16(in, "FindCoordinatorResponse.errorCode");
            errorMessage = Primitives.readCompactNullableString(in);
            nodeId = Fields.readInt32(in, "FindCoordinatorResponse.nodeId");
            host = Fields.readCompactString(in, "FindCoordinatorResponse.host");
            port = Fields.readInt32(in, "FindCoordinatorResponse.port");
        } else {
            coordinators = Fields.readCompactArray(in, "FindCoordinatorResponse.coordinators",
                    FindCoordinatorResponse::readCoordinator);
        }
        Primitives.skipTaggedFields(in);
        return new FindCoordinatorResponse(throttle, errorCode, errorMessage, nodeId, host, port, coordinators);
    }

    private static Coordinator readCoordinator(ByteBuf in) {
        String key = Fields.readCompactString(in, "Coordinator.key");
        int nodeId = Fields.readInt32(in, "Coordinator.nodeId");
        String host = Fields.readCompactString(in, "Coordinator.host");
        int port = Fields.readInt32(in, "Coordinator.port");
        short errorCode = Fields.readInt16(in, "Coordinator.errorCode");
        String errorMessage = Primitives.readCompactNullableString(in);
        Primitives.skipTaggedFields(in);
        return new Coordinator(key, nodeId, host, port, errorCode, errorMessage);
    }

    /** Writes the body at {@code version} (used by tests that play the broker). */
    public void write(ByteBuf out, short version) {
        VersionRules.check(ApiKey.FIND_COORDINATOR, version);
        out.writeInt(throttleTimeMs);
        if (version <= 3) {
            VersionRules.requireDefault(coordinators.isEmpty(), "FindCoordinatorResponse.coordinators", version, "v4+");
            out.writeShort(errorCode);
            Primitives.writeCompactNullableString(out, errorMessage);
            out.writeInt(nodeId);
            Fields.writeCompactString(out, host, "FindCoordinatorResponse.host");
            out.writeInt(port);
        } else {
            VersionRules.requireDefault(errorCode == 0, "FindCoordinatorResponse.errorCode", version, "v0-3");
            VersionRules.requireDefault(VersionRules.isEmpty(errorMessage), "FindCoordinatorResponse.errorMessage",
                    version, "v1-3");
            VersionRules.requireDefault(nodeId == 0, "FindCoordinatorResponse.nodeId", version, "v0-3");
            VersionRules.requireDefault(VersionRules.isEmpty(host), "FindCoordinatorResponse.host", version, "v0-3");
            VersionRules.requireDefault(port == 0, "FindCoordinatorResponse.port", version, "v0-3");
            Fields.writeCompactArray(out, coordinators, (o, c) -> {
                Fields.writeCompactString(o, c.key(), "Coordinator.key");
                o.writeInt(c.nodeId());
                Fields.writeCompactString(o, c.host(), "Coordinator.host");
                o.writeInt(c.port());
                o.writeShort(c.errorCode());
                Primitives.writeCompactNullableString(o, c.errorMessage());
                Primitives.writeEmptyTaggedFields(o);
            });
        }
        Primitives.writeEmptyTaggedFields(out);
    }
}
