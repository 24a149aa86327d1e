package dev.kurier.client.admin.internals;

import dev.kurier.client.protocol.Errors;

/**
 * One entity's answer in an admin response: a value, or a Kafka error with the broker's message.
 *
 * @param value the value when {@code error} is NONE
 * @param error the error code's meaning
 * @param message the broker's error message, or null
 */
record Outcome<V>(V value, Errors error, String message) {

    static <V> Outcome<V> ok(V value) {
        return new Outcome<>(value, Errors.NONE, null);
    }

    static <V> Outcome<V> of(short errorCode, String message, V value) {
        return new Outcome<>(value, Errors.forCode(errorCode), message);
    }

    boolean failed() {
        return error != Errors.NONE;
    }

    /**
     * Whether trying again may succeed: retriable errors, and the ones that only say the request went to the wrong
     * broker (the controller or coordinator moved).
     */
    boolean retriable() {
        if (error == Errors.UNKNOWN_TOPIC_OR_PARTITION || error == Errors.UNKNOWN_TOPIC_ID
                || error == Errors.ELECTION_NOT_NEEDED) {
            return false; // final answers to an admin, though the consumer and producer retry them
        }
        return error.retriable || error == Errors.NOT_CONTROLLER || error == Errors.NOT_COORDINATOR
                || error == Errors.COORDINATOR_NOT_AVAILABLE || error == Errors.COORDINATOR_LOAD_IN_PROGRESS;
    }
}
