package dev.kurier.client.group.assignor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The member order kafka-clients' assignors use, so that Kurier and kafka-clients leaders give the same
 * members the same partitions: static members (with a {@code group.instance.id}) first, by instance id, then
 * dynamic members by member id.
 */
final class MemberOrder {

    private MemberOrder() {
    }

    /** The member ids of {@code subscriptions}, sorted. */
    static List<String> sorted(Map<String, Subscription> subscriptions) {
        List<String> members = new ArrayList<>(subscriptions.keySet());
        members.sort(comparator(subscriptions));
        return members;
    }

    /** Compares member ids by their subscriptions' instance ids, then by member id. */
    static Comparator<String> comparator(Map<String, Subscription> subscriptions) {
        return (a, b) -> {
            String ia = subscriptions.get(a).groupInstanceId();
            String ib = subscriptions.get(b).groupInstanceId();
            if (ia != null && ib != null) {
                return ia.compareTo(ib);
            }
            if (ia != null) {
                return -1;
            }
            if (ib != null) {
                return 1;
            }
            return a.compareTo(b);
        };
    }
}
