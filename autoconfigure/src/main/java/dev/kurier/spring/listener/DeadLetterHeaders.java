package dev.kurier.spring.listener;

/**
 * Headers a {@link DeadLetterRecoverer} adds to a dead-lettered record, next to the original record's own headers.
 * Values are UTF-8 text (numbers in decimal).
 */
public final class DeadLetterHeaders {

    /** Topic the record was read from. */
    public static final String ORIGINAL_TOPIC = "kurier_dlt_original_topic";
    /** Partition the record was read from. */
    public static final String ORIGINAL_PARTITION = "kurier_dlt_original_partition";
    /** Offset of the record in that partition. */
    public static final String ORIGINAL_OFFSET = "kurier_dlt_original_offset";
    /** Timestamp of the original record (epoch millis). */
    public static final String ORIGINAL_TIMESTAMP = "kurier_dlt_original_timestamp";
    /** Fully qualified class name of the exception the listener failed with. */
    public static final String EXCEPTION_CLASS = "kurier_dlt_exception_class";
    /** Message of that exception (truncated to {@link #MAX_MESSAGE_LENGTH} characters). */
    public static final String EXCEPTION_MESSAGE = "kurier_dlt_exception_message";
    /** Fully qualified class name of the exception's root cause, when it has one. */
    public static final String EXCEPTION_CAUSE_CLASS = "kurier_dlt_exception_cause_class";
    /** How many times the listener was called for the record. */
    public static final String ATTEMPTS = "kurier_dlt_attempts";
    /** Id of the listener that gave up. */
    public static final String LISTENER_ID = "kurier_dlt_listener_id";

    /** Longest exception message kept, in characters; longer ones end with an ellipsis. */
    public static final int MAX_MESSAGE_LENGTH = 1000;

    private DeadLetterHeaders() {
    }

    /** {@code message} cut to {@link #MAX_MESSAGE_LENGTH} characters ({@code ""} for {@code null}). */
    public static String truncate(String message) {
        if (message == null) {
            return "";
        }
        if (message.length() <= MAX_MESSAGE_LENGTH) {
            return message;
        }
        int end = MAX_MESSAGE_LENGTH - 1;
        if (Character.isHighSurrogate(message.charAt(end - 1))) {
            end--; // do not split a surrogate pair
        }
        return message.substring(0, end) + "…";
    }
}
