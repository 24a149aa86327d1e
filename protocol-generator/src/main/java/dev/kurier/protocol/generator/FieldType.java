package dev.kurier.protocol.generator;

/**
 * A field's type in the schema language: a primitive, {@code records}, a struct, or an array of one of those.
 *
 * @param kind what it is
 * @param structName the struct's schema name (structs and arrays of structs)
 * @param element the element type of an array
 */
public record FieldType(Kind kind, String structName, FieldType element) {

    public enum Kind { BOOL, INT8, INT16, UINT16, INT32, UINT32, INT64, FLOAT64, STRING, BYTES, UUID, RECORDS, STRUCT, ARRAY }

    static FieldType parse(String text) {
        if (text.startsWith("[]")) {
            return new FieldType(Kind.ARRAY, null, parse(text.substring(2)));
        }
        return switch (text) {
            case "bool" -> of(Kind.BOOL);
            case "int8" -> of(Kind.INT8);
            case "int16" -> of(Kind.INT16);
            case "uint16" -> of(Kind.UINT16);
            case "int32" -> of(Kind.INT32);
            case "uint32" -> of(Kind.UINT32);
            case "int64" -> of(Kind.INT64);
            case "float64" -> of(Kind.FLOAT64);
            case "string" -> of(Kind.STRING);
            case "bytes" -> of(Kind.BYTES);
            case "uuid" -> of(Kind.UUID);
            case "records" -> of(Kind.RECORDS);
            default -> {
                if (text.isEmpty() || !Character.isUpperCase(text.charAt(0))) {
                    throw new SchemaException("unknown field type '" + text + "'");
                }
                yield new FieldType(Kind.STRUCT, text, null);
            }
        };
    }

    private static FieldType of(Kind kind) {
        return new FieldType(kind, null, null);
    }

    public boolean isArray() {
        return kind == Kind.ARRAY;
    }

    public boolean isStruct() {
        return kind == Kind.STRUCT;
    }

    /** The struct this type holds, directly or as array elements; null for other types. */
    String structOrElementStruct() {
        return isArray() ? element.structName : structName;
    }

    /** Types whose value can be null on the wire (when the schema's nullableVersions allow it). */
    boolean canBeNull() {
        return kind == Kind.STRING || kind == Kind.BYTES || kind == Kind.RECORDS || kind == Kind.ARRAY
                || kind == Kind.STRUCT;
    }

    /** Fixed-width primitives, with their size in bytes; 0 for the others. */
    int fixedSize() {
        return switch (kind) {
            case BOOL, INT8 -> 1;
            case INT16, UINT16 -> 2;
            case INT32, UINT32 -> 4;
            case INT64, FLOAT64 -> 8;
            case UUID -> 16;
            default -> 0;
        };
    }
}
