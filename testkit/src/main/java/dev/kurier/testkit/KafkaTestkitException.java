package dev.kurier.testkit;

/**
 * Thrown when the testkit cannot do what it was asked: a broker that does not start or dies, a
 * classpath that cannot be resolved, a topic command the broker refused, a timeout.
 */
public class KafkaTestkitException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message that says what failed and, where known, why. */
    public KafkaTestkitException(String message) {
        super(message);
    }

    /** Creates an exception with a message and the underlying cause. */
    public KafkaTestkitException(String message, Throwable cause) {
        super(message, cause);
    }
}
