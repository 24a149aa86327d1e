package dev.kurier.client.protocol;

/**
 * The Kafka APIs Kurier speaks, with the range of versions this client implements.
 *
 * <p>Only flexible versions are implemented (SaslHandshake aside, which has none): they cover every
 * broker from Apache Kafka 2.8 on. The connection negotiates {@code min(ours.max, broker.max)} and
 * refuses an API whose ranges do not overlap, naming it.
 */
public enum ApiKey {
    PRODUCE(0, "Produce", 9, 13, 9),
    FETCH(1, "Fetch", 12, 18, 12),
    LIST_OFFSETS(2, "ListOffsets", 6, 10, 6),
    METADATA(3, "Metadata", 9, 13, 9),
    OFFSET_COMMIT(8, "OffsetCommit", 8, 9, 8),
    OFFSET_FETCH(9, "OffsetFetch", 6, 9, 6),
    FIND_COORDINATOR(10, "FindCoordinator", 3, 6, 3),
    JOIN_GROUP(11, "JoinGroup", 6, 9, 6),
    HEARTBEAT(12, "Heartbeat", 4, 4, 4),
    LEAVE_GROUP(13, "LeaveGroup", 4, 5, 4),
    SYNC_GROUP(14, "SyncGroup", 4, 5, 4),
    DESCRIBE_GROUPS(15, "DescribeGroups", 5, 6, 5),
    LIST_GROUPS(16, "ListGroups", 3, 5, 3),
    SASL_HANDSHAKE(17, "SaslHandshake", 1, 1, Short.MAX_VALUE),
    API_VERSIONS(18, "ApiVersions", 3, 4, 3),
    CREATE_TOPICS(19, "CreateTopics", 5, 7, 5),
    DELETE_TOPICS(20, "DeleteTopics", 4, 6, 4),
    INIT_PRODUCER_ID(22, "InitProducerId", 2, 5, 2),
    DESCRIBE_CONFIGS(32, "DescribeConfigs", 4, 4, 4),
    SASL_AUTHENTICATE(36, "SaslAuthenticate", 2, 2, 2);

    private static final ApiKey[] BY_ID = new ApiKey[128];

    static {
        for (ApiKey key : values()) {
            BY_ID[key.id] = key;
        }
    }

    /** The numeric api_key on the wire. */
    public final short id;
    /** The name Kafka's documentation uses. */
    public final String displayName;
    /** The lowest version Kurier implements. */
    public final short minVersion;
    /** The highest version Kurier implements. */
    public final short maxVersion;
    private final short firstFlexibleVersion;

    ApiKey(int id, String displayName, int minVersion, int maxVersion, int firstFlexibleVersion) {
        this.id = (short) id;
        this.displayName = displayName;
        this.minVersion = (short) minVersion;
        this.maxVersion = (short) maxVersion;
        this.firstFlexibleVersion = (short) firstFlexibleVersion;
    }

    /** The key with this wire id, or {@code null} for an API Kurier does not implement. */
    public static ApiKey forId(int id) {
        return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
    }

    /** Whether {@code version} of this API uses the flexible (compact, tagged) encoding. */
    public boolean isFlexible(short version) {
        return version >= firstFlexibleVersion;
    }

    /** Request header version: 2 for flexible versions, 1 otherwise. */
    public short requestHeaderVersion(short version) {
        return isFlexible(version) ? (short) 2 : (short) 1;
    }

    /** Response header version: 1 for flexible versions, 0 otherwise; ApiVersions always 0 (KIP-511). */
    public short responseHeaderVersion(short version) {
        if (this == API_VERSIONS) {
            return 0;
        }
        return isFlexible(version) ? (short) 1 : (short) 0;
    }

    @Override
    public String toString() {
        return displayName + "(" + id + ")";
    }
}
