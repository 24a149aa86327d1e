package dev.kurier.client.protocol.requests;

import dev.kurier.client.protocol.message.FindCoordinatorRequest;
import dev.kurier.client.protocol.message.FindCoordinatorResponse;
import java.util.List;

/** FindCoordinator: one key up to v3, a batch of keys from v4; the answer as a list of coordinators either way. */
public final class FindCoordinators {

    /** Key type of a consumer group id. */
    public static final byte KEY_TYPE_GROUP = 0;
    /** Key type of a transactional id. */
    public static final byte KEY_TYPE_TRANSACTION = 1;
    /** Key type of a share group id. */
    public static final byte KEY_TYPE_SHARE = 2;

    private FindCoordinators() {
    }

    /** The request for {@code key} in the shape {@code version} uses. */
    public static FindCoordinatorRequest request(byte keyType, String key, int version) {
        FindCoordinatorRequest.Builder b = FindCoordinatorRequest.builder().keyType(keyType);
        return version <= 3 ? b.key(key).build() : b.coordinatorKeys(List.of(key)).build();
    }

    /** The coordinators the response names: the batch from v4, else the single answer for {@code requestedKey}. */
    public static List<FindCoordinatorResponse.Coordinator> results(FindCoordinatorResponse response,
                                                                   String requestedKey) {
        if (!response.coordinators().isEmpty()) {
            return response.coordinators();
        }
        return List.of(new FindCoordinatorResponse.Coordinator(requestedKey, response.nodeId(), response.host(),
                response.port(), response.errorCode(), response.errorMessage()));
    }
}
