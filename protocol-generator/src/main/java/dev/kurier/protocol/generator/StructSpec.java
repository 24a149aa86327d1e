package dev.kurier.protocol.generator;

import java.util.List;

/**
 * A struct of a message: the message body itself, an inline struct of a field, or one of the message's
 * {@code commonStructs}.
 *
 * @param schemaName the name the schema gives it
 * @param fields its fields in wire order
 * @param about its description (from the field that declares it), or null
 */
public record StructSpec(String schemaName, List<FieldSpec> fields, String about) {
}
