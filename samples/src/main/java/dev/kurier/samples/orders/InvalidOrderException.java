package dev.kurier.samples.orders;

/** An order no retry can fix (a quantity below 1): the error handler sends it to the dead-letter topic at once. */
public class InvalidOrderException extends RuntimeException {

    /** An exception saying what is wrong with the order. */
    public InvalidOrderException(String message) {
        super(message);
    }
}
