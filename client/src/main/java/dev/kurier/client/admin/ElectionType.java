package dev.kurier.client.admin;

/** Which leader {@link Admin#electLeaders} elects: the preferred replica, or any replica even out of sync. */
public enum ElectionType {
    /** The first replica of the assignment, if it is in sync. */
    PREFERRED,
    /** Any live replica, even one not in sync: records may be lost; for partitions without a leader. */
    UNCLEAN
}
