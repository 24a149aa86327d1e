package dev.kurier.spring.convert;

/**
 * A converted payload failed validation ({@code @Valid} on a listener parameter). Like a conversion failure it is
 * not worth retrying: the record goes straight to the recoverer (dead-letter topic or log).
 */
public class PayloadValidationException extends PayloadConversionException {

    private static final long serialVersionUID = 1L;

    /** {@code message} names the topic, the type and what was not valid. */
    public PayloadValidationException(String message) {
        super(message, null);
    }
}
