package dev.kurier.client.protocol.record;

/** What a record batch's timestamps mean: bit 3 of the batch attributes. */
public enum TimestampType {
    /** The producer's timestamp for each record. */
    CREATE_TIME,
    /** The broker's append time: every record of the batch has the batch's MaxTimestamp. */
    LOG_APPEND_TIME
}
