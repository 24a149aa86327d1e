package dev.kurier.client.consumer;

/** What a record timestamp means. */
public enum TimestampType {
    /** Set by the producer. */
    CREATE_TIME,
    /** Set by the broker when it appended the record. */
    LOG_APPEND_TIME
}
