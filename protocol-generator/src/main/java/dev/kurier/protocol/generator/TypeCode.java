package dev.kurier.protocol.generator;

import java.util.Map;

/**
 * The Java code for one field type: its Java type, how a value is written, read and sized, in the flexible
 * (compact) or classic encoding. Statements write to {@code out}, read from {@code in}, at {@code version}.
 */
final class TypeCode {

    private final boolean flexible;
    private final Map<String, String> structNames;
    private final java.util.Set<String> recordHolders;

    /**
     * @param flexible whether the message uses the flexible encoding at every generated version
     * @param structNames the Java name of each struct, by schema name
     * @param recordHolders the structs (schema names) that hold record sets, whose writes take a
     *     {@code DeferredRecordSets}
     */
    TypeCode(boolean flexible, Map<String, String> structNames, java.util.Set<String> recordHolders) {
        this.flexible = flexible;
        this.structNames = structNames;
        this.recordHolders = recordHolders;
    }

    /** The call that writes a struct value: record holders pass the deferred record sets on. */
    private String structWrite(String structName) {
        return recordHolders.contains(structName) ? ".write(out, version, deferred);" : ".write(out, version);";
    }

    String javaType(FieldType t) {
        return switch (t.kind()) {
            case BOOL -> "boolean";
            case INT8 -> "byte";
            case INT16 -> "short";
            case UINT16, INT32 -> "int";
            case UINT32, INT64 -> "long";
            case FLOAT64 -> "double";
            case STRING -> "String";
            case BYTES -> "byte[]";
            case UUID -> "UUID";
            case RECORDS -> "ByteBuf";
            case STRUCT -> structName(t.structName());
            case ARRAY -> "List<" + boxed(t.element()) + ">";
        };
    }

    String boxed(FieldType t) {
        return switch (t.kind()) {
            case BOOL -> "Boolean";
            case INT8 -> "Byte";
            case INT16 -> "Short";
            case UINT16, INT32 -> "Integer";
            case UINT32, INT64 -> "Long";
            case FLOAT64 -> "Double";
            case ARRAY -> throw new SchemaException("arrays of arrays are not in Kafka's schema language");
            default -> javaType(t);
        };
    }

    String structName(String schemaName) {
        String name = structNames.get(schemaName);
        if (name == null) {
            throw new SchemaException("unknown struct " + schemaName);
        }
        return name;
    }

    // ---- writing --------------------------------------------------------------------------------

    /**
     * Writes {@code value} of type {@code t}; {@code nullAllowed} is a Java boolean expression saying whether null
     * may be written at this version (the caller has already rejected a null that may not).
     */
    void write(CodeWriter w, FieldType t, String value, String path, boolean mayBeNull) {
        switch (t.kind()) {
            case BOOL -> w.line("out.writeBoolean(%s);", value);
            case INT8 -> w.line("out.writeByte(%s);", value);
            case INT16, UINT16 -> w.line("out.writeShort(%s);", value);
            case INT32 -> w.line("out.writeInt(%s);", value);
            case UINT32 -> w.line("out.writeInt((int) %s);", value);
            case INT64 -> w.line("out.writeLong(%s);", value);
            case FLOAT64 -> w.line("out.writeDouble(%s);", value);
            case UUID -> w.line("Primitives.writeUuid(out, %s);", value);
            case STRING -> w.line(flexible ? "Primitives.writeCompactNullableString(out, %s);"
                    : "Primitives.writeNullableString(out, %s);", value);
            case BYTES -> w.line(flexible ? "Primitives.writeCompactNullableBytes(out, %s);"
                    : "Primitives.writeNullableBytes(out, %s);", value);
            case RECORDS -> w.line(flexible ? "Wire.writeCompactRecords(out, %s, deferred);"
                    : "Wire.writeRecords(out, %s, deferred);", value);
            case STRUCT -> {
                w.line("if (%s == null) {", value);
                w.line("out.writeByte(-1);");
                w.line("} else {");
                w.line("out.writeByte(1);");
                w.line("%s%s", value, structWrite(t.structName()));
                w.line("}");
            }
            case ARRAY -> {
                if (mayBeNull) {
                    w.line("if (%s == null) {", value);
                    w.line(flexible ? "out.writeByte(0);" : "out.writeInt(-1);");
                    w.line("} else {");
                }
                w.line(flexible ? "Primitives.writeUnsignedVarint(out, %s.size() + 1);" : "out.writeInt(%s.size());",
                        value);
                String element = "e" + depth(value);
                w.line("for (%s %s : %s) {", boxed(t.element()), element, value);
                writeElement(w, t.element(), element, path + "[]");
                w.line("}");
                if (mayBeNull) {
                    w.line("}");
                }
            }
        }
    }

    /** Writes a non-null struct value: no presence marker (a non-nullable struct field, or an array element). */
    void writeNonNullStruct(CodeWriter w, String value, String structName) {
        w.line("%s%s", value, structWrite(structName));
    }

    private void writeElement(CodeWriter w, FieldType t, String element, String path) {
        if (t.isStruct()) {
            w.line("Wire.requireNonNull(%s, %s)%s", element, Names.literal(path), structWrite(t.structName()));
        } else if (t.canBeNull()) {
            w.line("Wire.requireNonNull(%s, %s);", element, Names.literal(path));
            write(w, t, element, path, false);
        } else {
            write(w, t, element, path, false);
        }
    }

    // ---- reading --------------------------------------------------------------------------------

    /**
     * Reads a value of type {@code t} into the local {@code target}; {@code nullAllowed} is a Java boolean
     * expression: a null on the wire where it is false is a ProtocolException naming {@code path}.
     */
    void read(CodeWriter w, FieldType t, String target, String path, String nullAllowed, boolean nonNullStruct) {
        String p = Names.literal(path);
        switch (t.kind()) {
            case BOOL -> w.line("%s = Wire.readBool(in, %s);", target, p);
            case INT8 -> w.line("%s = Wire.readInt8(in, %s);", target, p);
            case INT16 -> w.line("%s = Wire.readInt16(in, %s);", target, p);
            case UINT16 -> w.line("%s = Wire.readUint16(in, %s);", target, p);
            case INT32 -> w.line("%s = Wire.readInt32(in, %s);", target, p);
            case UINT32 -> w.line("%s = Wire.readUint32(in, %s);", target, p);
            case INT64 -> w.line("%s = Wire.readInt64(in, %s);", target, p);
            case FLOAT64 -> w.line("%s = Wire.readFloat64(in, %s);", target, p);
            case UUID -> w.line("%s = Wire.readUuid(in, %s);", target, p);
            case STRING -> w.line("%s = Wire.%s(in, %s, %s);", target,
                    flexible ? "readCompactString" : "readString", p, nullAllowed);
            case BYTES -> w.line("%s = Wire.%s(in, %s, %s);", target,
                    flexible ? "readCompactBytes" : "readBytes", p, nullAllowed);
            case RECORDS -> w.line("%s = Wire.%s(in, %s, %s);", target,
                    flexible ? "readCompactRecords" : "readRecords", p, nullAllowed);
            case STRUCT -> {
                String type = structName(t.structName());
                if (nonNullStruct) {
                    w.line("%s = %s.read(in, version);", target, type);
                } else {
                    w.line("%s = Wire.readStructPresent(in, %s, %s) ? %s.read(in, version) : null;", target, p,
                            nullAllowed, type);
                }
            }
            case ARRAY -> {
                String n = "n" + depth(target);
                w.line("int %s = Wire.%s(in, %s, %s);", n, flexible ? "readCompactArrayLength" : "readArrayLength",
                        p, nullAllowed);
                w.line("if (%s < 0) {", n);
                w.line("%s = null;", target);
                w.line("} else {");
                String list = "list" + depth(target);
                String elementType = boxed(t.element());
                w.line("List<%s> %s = new ArrayList<>(%s);", elementType, list, n);
                String i = "i" + depth(target);
                w.line("for (int %s = 0; %s < %s; %s++) {", i, i, n, i);
                if (t.element().isStruct()) {
                    w.line("%s.add(%s.read(in, version));", list, elementType);
                } else {
                    String element = "e" + depth(target);
                    w.line("%s %s;", javaType(t.element()), element);
                    read(w, t.element(), element, path + "[]", "false", true);
                    w.line("%s.add(%s);", list, element);
                }
                w.line("}");
                w.line("%s = Collections.unmodifiableList(%s);", target, list);
                w.line("}");
            }
        }
    }

    // ---- sizing ---------------------------------------------------------------------------------

    /** Adds the encoded size of {@code value} to the int local {@code acc}. */
    void size(CodeWriter w, FieldType t, String value, String acc, boolean nonNullStruct) {
        int fixed = t.fixedSize();
        if (fixed > 0) {
            w.line("%s += %d;", acc, fixed);
            return;
        }
        switch (t.kind()) {
            case STRING -> w.line("%s += Wire.%s(%s);", acc, flexible ? "sizeOfCompactString" : "sizeOfString", value);
            case BYTES -> w.line("%s += Wire.%s(%s);", acc, flexible ? "sizeOfCompactBytes" : "sizeOfBytes", value);
            case RECORDS -> w.line("%s += Wire.%s(%s);", acc, flexible ? "sizeOfCompactRecords" : "sizeOfRecords",
                    value);
            case STRUCT -> {
                if (nonNullStruct) {
                    w.line("%s += %s.size(version);", acc, value);
                } else {
                    w.line("%s += %s == null ? 1 : 1 + %s.size(version);", acc, value, value);
                }
            }
            case ARRAY -> {
                w.line("if (%s == null) {", value);
                w.line("%s += %d;", acc, flexible ? 1 : 4);
                w.line("} else {");
                w.line(flexible ? "%s += Primitives.sizeOfUnsignedVarint(%s.size() + 1);" : "%s += 4;", acc, value);
                int elementFixed = t.element().fixedSize();
                if (elementFixed > 0) {
                    w.line("%s += %s.size() * %d;", acc, value, elementFixed);
                } else {
                    String element = "e" + depth(value);
                    w.line("for (%s %s : %s) {", boxed(t.element()), element, value);
                    size(w, t.element(), element, acc, true);
                    w.line("}");
                }
                w.line("}");
            }
            default -> throw new IllegalStateException(t.toString());
        }
    }

    // ---- defaults -------------------------------------------------------------------------------

    /** The Java expression for the schema default of a field. */
    String defaultValue(FieldSpec f) {
        FieldType t = f.type();
        String d = f.defaultValue();
        boolean nullDefault = "null".equals(d);
        return switch (t.kind()) {
            case BOOL -> String.valueOf(d != null && Boolean.parseBoolean(d));
            case INT8 -> "(byte) " + number(d);
            case INT16 -> "(short) " + number(d);
            case UINT16, INT32 -> String.valueOf((int) number(d));
            case UINT32, INT64 -> number(d) + "L";
            case FLOAT64 -> d == null || d.isEmpty() ? "0.0" : String.valueOf(Double.parseDouble(d));
            case STRING -> nullDefault ? "null" : Names.literal(d == null ? "" : d);
            case BYTES -> nullDefault ? "null" : "Wire.EMPTY_BYTES";
            case UUID -> "Primitives.ZERO_UUID";
            case RECORDS -> "null";
            case ARRAY -> nullDefault ? "null" : "List.of()";
            case STRUCT -> nullDefault ? "null" : structName(t.structName()) + ".DEFAULT";
        };
    }

    /** A Java boolean expression: whether {@code value} equals the field's default (so leaving it out loses nothing). */
    String isDefault(FieldSpec f, String value) {
        FieldType t = f.type();
        boolean nullDefault = "null".equals(f.defaultValue());
        return switch (t.kind()) {
            case BOOL, INT8, INT16, UINT16, INT32, UINT32, INT64 -> value + " == " + defaultValue(f);
            case FLOAT64 -> "Double.compare(" + value + ", " + defaultValue(f) + ") == 0";
            case STRING -> nullDefault ? value + " == null" : "java.util.Objects.equals(" + value + ", "
                    + defaultValue(f) + ")";
            case BYTES -> nullDefault ? value + " == null" : "(" + value + " == null || " + value + ".length == 0)";
            case UUID -> "(" + value + " == null || Primitives.ZERO_UUID.equals(" + value + "))";
            case RECORDS -> value + " == null";
            case ARRAY -> nullDefault ? value + " == null" : "(" + value + " == null || " + value + ".isEmpty())";
            case STRUCT -> nullDefault ? value + " == null"
                    : "(" + value + " == null || " + value + ".equals(" + defaultValue(f) + "))";
        };
    }

    private static long number(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        String s = text.trim();
        boolean negative = s.startsWith("-");
        String digits = negative ? s.substring(1) : s;
        long v = digits.startsWith("0x") || digits.startsWith("0X") ? Long.parseLong(digits.substring(2), 16)
                : Long.parseLong(digits);
        return negative ? -v : v;
    }

    /** A suffix that keeps the locals of nested loops apart. */
    private static String depth(String name) {
        return "_" + name.replaceAll("[^A-Za-z0-9]", "");
    }
}
