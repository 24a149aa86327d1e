package dev.kurier.client.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * FindCoordinator request (key 10), v3-6: which broker coordinates a group, transactional id or share group.
 *
 * <p>v3 asks for one {@code key}; v4+ asks for several {@code coordinatorKeys} at once. Build the right
 * shape with {@link #forKey} (v3) or {@link #forKeys} (v4+).
 *
 * @param key             the coordinator key (v3 only; default "")
 * @param keyType         {@link #KEY_TYPE_GROUP}, {@link #KEY_TYPE_TRANSACTION} or {@link #KEY_TYPE_SHARE}
 * @param coordinatorKeys the coordinator keys (v4+; default empty)
 */
public record FindCoordinatorRequest(String key, byte keyType, List<String> coordinatorKeys)
        implements Request<FindCoordinatorResponse> {

    /** Key type of a consumer group id. */
    public static final byte KEY_TYPE_GROUP = 0;
    /** Key type of a transactional id. */
    public static final byte KEY_TYPE_TRANSACTION = 1;
    /** Key type of a share group id (v6+ on the broker side). */
    public static final byte KEY_TYPE_SHARE = 2;

    /** Copies the key list. */
    public FindCoordinatorRequest {
        coordinatorKeys = Fields.copyOrEmpty(coordinatorKeys);
    }

    /** A v3-shaped request for one key. */
    public static FindCoordinatorRequest forKey(byte keyType, String key) {
        return new FindCoordinatorRequest(key, keyType, List.of());
    }

    /** A v4+-shaped request for several keys. */
    public static FindCoordinatorRequest forKeys(byte keyType, List<String> keys) {
        return new FindCoordinatorRequest("", keyType, keys);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.FIND_COORDINATOR;
    }

    @Override
    public void write(ByteBuf out, short version) {
        VersionRules.check(ApiKey.FIND_COORDINATOR, version);
        if (version <= 3) {
            VersionRules.requireDefault(coordinatorKeys.isEmpty(), "FindCoordinatorRequest.coordinatorKeys", version, "v4+");
            Fields.writeCompactString(out, key, "FindCoordinatorRequest.key");
        } else {
            VersionRules.requireDefault(VersionRules.isEmpty(key), "FindCoordinatorRequest.key", version, "v0-3");
        }
        out.writeByte(keyType);
        if (version >= 4) {
            Fields.writeCompactStringArray(out, coordinatorKeys, "FindCoordinatorRequest.coordinatorKeys");
        }
        Primitives.writeEmptyTaggedFields(out);
    }

    @Override
    public FindCoordinatorResponse readResponse(ByteBuf in, short version) {
        return FindCoordinatorResponse.read(in, version);
    }

    /** Reads a request body (used by tests that play the broker). */
    public static FindCoordinatorRequest read(ByteBuf in, short version) {
        VersionRules.check(ApiKey.FIND_COORDINATOR, version);
        String key = "";
        if (version <= 3) {
            key = Fields.readCompactString(in, "FindCoordinatorRequest.key");
        }
        byte keyType = Fields.readInt8(in, "FindCoordinatorRequest.keyType");
        List<String> keys = List.of();
        if (version >= 4) {
            keys = Fields.readCompactStringArray(in, "FindCoordinatorRequest.coordinatorKeys");
        }
        Primitives.skipTaggedFields(in);
        return new FindCoordinatorRequest(key, keyType, keys);
    }
}
