package dev.kurier.spring.convert;

/** A key or value could not be converted; the message names the topic and the type. */
public class PayloadConversionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** {@code message} explains what could not be converted, {@code cause} why. */
    public PayloadConversionException(String message, Throwable cause) {
        super(message, cause);
    }
}
