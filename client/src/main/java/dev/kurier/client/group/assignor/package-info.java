/**
 * Partition assignors with kafka-clients' names and wire formats ({@code range}, {@code roundrobin},
 * {@code cooperative-sticky}), so Kurier and kafka-clients members can share a group whichever one leads, and
 * the {@link dev.kurier.client.group.assignor.ConsumerPartitionAssignor} interface for custom ones.
 */
package dev.kurier.client.group.assignor;
