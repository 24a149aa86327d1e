package dev.kurier.client.admin;

import dev.kurier.client.common.Node;
import java.util.List;

/**
 * The cluster as a metadata request describes it.
 *
 * @param clusterId    cluster id
 * @param controllerId controller broker id, -1 if not reported
 * @param brokers      live brokers
 */
public record ClusterDescription(String clusterId, int controllerId, List<Node> brokers) {
}
