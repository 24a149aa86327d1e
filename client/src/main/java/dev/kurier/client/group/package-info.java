/**
 * Consumer groups under the classic protocol: membership ({@link dev.kurier.client.group.GroupCoordinator}:
 * FindCoordinator, JoinGroup, SyncGroup, Heartbeat, LeaveGroup, static membership, poll and session timers),
 * rebalance callbacks ({@link dev.kurier.client.group.ConsumerRebalanceListener}, run on the polling thread),
 * and offsets (OffsetCommit, OffsetFetch), with or without membership. The assignors live in
 * {@link dev.kurier.client.group.assignor}.
 */
package dev.kurier.client.group;
