package dev.kurier.protocol.generator;

/** A schema the generator cannot turn into Java: says which message and field, and what is wrong. */
public final class SchemaException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    SchemaException(String message) {
        super(message);
    }
}
