package dev.kurier.protocol.generator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the Java source of one message: an immutable record for the body and one nested record per struct, each
 * with {@code write}, {@code size} and {@code read} over Netty's {@code ByteBuf}, a builder that starts at the
 * schema's defaults, and the version rules of the schema (a field a version lacks must hold its default unless
 * the schema calls it ignorable; a field nullable only in some versions is checked at the others).
 */
final class MessageGenerator {

    /** Zero-argument methods every generated record has, which no field accessor may shadow. */
    private static final Set<String> RESERVED = Set.of("toBuilder", "builder", "hashCode", "toString", "getClass",
            "notify", "notifyAll", "wait", "clone", "finalize");
    /** Names the generated code uses unqualified, which no struct may take. */
    private static final Set<String> TAKEN_TYPES = Set.of("Builder", "List", "ArrayList", "Collections", "UUID",
            "ByteBuf", "String", "Object", "Request", "Response", "ApiKey", "Primitives", "Wire", "Consumer",
            "Integer", "Long", "Short", "Byte", "Boolean", "Double", "Override");

    private final MessageSpec spec;
    private final Versions versions;
    private final boolean flexible;
    private final String packageName;
    private final String apiConstant;
    private final Map<String, String> structNames;
    private final TypeCode types;
    private final Set<String> holdsRecords = new HashSet<>();

    /**
     * @param spec the message
     * @param versions the versions to generate (flexible throughout, or classic throughout)
     * @param flexible whether those versions use the flexible encoding
     * @param packageName the package of the generated type
     * @param apiConstant the {@code ApiKey} constant of the API
     */
    MessageGenerator(MessageSpec spec, Versions versions, boolean flexible, String packageName, String apiConstant) {
        this.spec = spec;
        this.versions = versions;
        this.flexible = flexible;
        this.packageName = packageName;
        this.apiConstant = apiConstant;
        this.structNames = javaNames(spec);
        findRecordHolders();
        this.types = new TypeCode(flexible, structNames, holdsRecords);
    }

    /**
     * Java names for the structs: the schema name without the message name in front ({@code MetadataResponseTopic}
     * becomes {@code MetadataResponse.Topic}), unless that would clash; then the schema name.
     */
    private static Map<String, String> javaNames(MessageSpec spec) {
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, Integer> uses = new HashMap<>();
        for (String schemaName : spec.structs().keySet()) {
            String shortName = schemaName;
            if (schemaName.startsWith(spec.name()) && schemaName.length() > spec.name().length()
                    && Character.isUpperCase(schemaName.charAt(spec.name().length()))) {
                shortName = schemaName.substring(spec.name().length());
            }
            names.put(schemaName, shortName);
            uses.merge(shortName, 1, Integer::sum);
        }
        for (Map.Entry<String, String> e : names.entrySet()) {
            String shortName = e.getValue();
            if (uses.get(shortName) > 1 || TAKEN_TYPES.contains(shortName) || shortName.equals(spec.name())) {
                e.setValue(e.getKey());
            }
            if (TAKEN_TYPES.contains(e.getValue()) || e.getValue().equals(spec.name())) {
                throw new SchemaException(spec.name() + ": struct name " + e.getValue() + " clashes with a name the "
                        + "generated code uses");
            }
        }
        return names;
    }

    private void findRecordHolders() {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (StructSpec s : spec.structs().values()) {
                if (!holdsRecords.contains(s.schemaName()) && holds(s.fields())) {
                    holdsRecords.add(s.schemaName());
                    changed = true;
                }
            }
        }
    }

    private boolean holds(List<FieldSpec> fields) {
        for (FieldSpec f : fields) {
            if (f.type().kind() == FieldType.Kind.RECORDS) {
                return true;
            }
            String struct = f.type().structOrElementStruct();
            if (struct != null && holdsRecords.contains(struct)) {
                return true;
            }
        }
        return false;
    }

    /** The complete source file. */
    String generate() {
        CodeWriter w = new CodeWriter();
        w.line("package %s;", packageName);
        w.blank();
        w.line("import dev.kurier.client.protocol.ApiKey;");
        w.line("import dev.kurier.client.protocol.DeferredRecordSets;");
        w.line("import dev.kurier.client.protocol.Primitives;");
        w.line("import dev.kurier.client.protocol.%s;", spec.request() ? "Request" : "Response");
        w.line("import dev.kurier.client.protocol.Wire;");
        w.line("import io.netty.buffer.ByteBuf;");
        w.line("import java.util.ArrayList;");
        w.line("import java.util.Collections;");
        w.line("import java.util.List;");
        w.line("import java.util.UUID;");
        w.line("import java.util.function.Consumer;");
        w.blank();
        StructSpec top = new StructSpec(spec.name(), spec.fields(), null);
        List<String> classDoc = new ArrayList<>();
        classDoc.add(spec.apiName() + " " + (spec.request() ? "request" : "response") + " (key " + spec.apiKey()
                + "), " + versions.describe() + ", in the " + (flexible ? "flexible" : "classic") + " encoding.");
        classDoc.add("");
        classDoc.add("<p>Generated from Apache Kafka's {@code " + spec.name() + ".json}; do not edit.");
        struct(w, top, true, classDoc);
        return w.toString();
    }

    private void struct(CodeWriter w, StructSpec s, boolean top, List<String> doc) {
        List<FieldSpec> fields = s.fields();
        String name = javaName(s);
        boolean records = top ? holds(fields) : holdsRecords.contains(s.schemaName());
        for (FieldSpec f : fields) {
            String accessor = Names.field(f.name());
            if (RESERVED.contains(accessor) || (records && accessor.equals("release"))
                    || (top && spec.request() && (accessor.equals("apiKey") || accessor.equals("expectsResponse")))) {
                throw new SchemaException(spec.name() + "." + f.name() + ": its accessor would clash with a "
                        + "generated method");
            }
        }
        w.line("/**");
        for (String line : doc) {
            w.line(line.isEmpty() ? " *" : " * " + line);
        }
        if (!fields.isEmpty()) {
            w.line(" *");
        }
        for (FieldSpec f : fields) {
            String about = Names.javadoc(f.about());
            w.line(" * @param %s %s%s", Names.field(f.name()), about.isEmpty() ? f.name() : about,
                    " (" + f.versions().describe() + (f.isTagged() ? ", tagged" : "") + ")");
        }
        w.line(" */");
        StringBuilder components = new StringBuilder();
        for (FieldSpec f : fields) {
            if (components.length() > 0) {
                components.append(", ");
            }
            components.append(types.javaType(f.type())).append(' ').append(Names.field(f.name()));
        }
        String implementsClause = "";
        if (top) {
            implementsClause = spec.request() ? " implements Request<" + spec.apiName() + "Response>"
                    : " implements Response";
        }
        w.line("public record %s(%s)%s {", name, components, implementsClause);
        w.blank();
        if (top) {
            w.line("/** The lowest version this type reads and writes. */");
            w.line("public static final short LOWEST_VERSION = %d;", versions.lowest());
            w.line("/** The highest version this type reads and writes. */");
            w.line("public static final short HIGHEST_VERSION = %d;", versions.highest());
            w.blank();
        } else {
            w.line("/** Every field at its default. */");
            w.line("public static final %s DEFAULT = builder().build();", name);
            w.blank();
        }
        w.line("/** A builder whose fields start at the schema's defaults. */");
        w.line("public static Builder builder() {");
        w.line("return new Builder();");
        w.line("}");
        w.blank();
        w.line("/** A builder holding this value's fields. */");
        w.line("public Builder toBuilder() {");
        w.line("return new Builder(this);");
        w.line("}");
        w.blank();
        if (top) {
            topLevelMethods(w, records);
        }
        writeMethod(w, s, top, records);
        sizeMethod(w, s);
        readMethod(w, s, top, records);
        if (records) {
            recordsWalker(w, s, top);
        }
        builder(w, s);
        if (top) {
            for (StructSpec nested : spec.structs().values()) {
                w.blank();
                String about = Names.javadoc(nested.about());
                struct(w, nested, false, List.of(about.isEmpty() ? "The " + nested.schemaName() + " struct." : about));
            }
        }
        w.line("}");
    }

    private void topLevelMethods(CodeWriter w, boolean records) {
        if (spec.request()) {
            w.line("@Override");
            w.line("public ApiKey apiKey() {");
            w.line("return ApiKey.%s;", apiConstant);
            w.line("}");
            w.blank();
            w.line("@Override");
            w.line("public %sResponse readResponse(ByteBuf in, short version) {", spec.apiName());
            w.line("return %sResponse.read(in, version);", spec.apiName());
            w.line("}");
            w.blank();
            if (spec.name().equals("ProduceRequest")) {
                w.line("/** False for acks=0: the broker sends no response. */");
                w.line("@Override");
                w.line("public boolean expectsResponse() {");
                w.line("return acks != 0;");
                w.line("}");
                w.blank();
            }
        }
        if (records) {
            w.line("/**");
            w.line(" * Releases every record buffer this message holds, once. A message returned by {@link #read} holds");
            w.line(" * slices of the frame, retained for it; one built by the caller holds whatever the caller gave it.");
            w.line(" */");
            if (!spec.request()) {
                w.line("@Override");
            }
            w.line("public void release() {");
            w.line("forEachRecords(ByteBuf::release);");
            w.line("}");
            w.blank();
        }
    }

    // ---- write ----------------------------------------------------------------------------------

    private void writeMethod(CodeWriter w, StructSpec s, boolean top, boolean records) {
        if (records) {
            w.line("/** Writes this %s at {@code version}; a record set is copied, not consumed. */",
                    top ? "body (no size, no header)" : "struct");
            w.line("public void write(ByteBuf out, short version) {");
            w.line("write(out, version, null);");
            w.line("}");
            w.blank();
            w.line("/**");
            w.line(" * Writes this %s at {@code version}, leaving large record sets to {@code deferred} (which notes",
                    top ? "body" : "struct");
            w.line(" * where they belong) instead of copying them; with null, copies them.");
            w.line(" */");
            if (top && spec.request()) {
                w.line("@Override");
            }
            w.line("public void write(ByteBuf out, short version, DeferredRecordSets deferred) {");
        } else {
            w.line("/** Writes this %s at {@code version}. */", top ? "body (no size, no header)" : "struct");
            w.line("public void write(ByteBuf out, short version) {");
        }
        if (top) {
            w.line("Wire.checkVersion(ApiKey.%s, version, LOWEST_VERSION, HIGHEST_VERSION);", apiConstant);
        }
        for (FieldSpec f : s.fields()) {
            if (f.isTagged()) {
                continue;
            }
            Versions present = f.versions().intersect(versions);
            String cond = present.condition("version", versions);
            if (cond.equals("false")) {
                absentCheck(w, s, f);
                continue;
            }
            if (!cond.equals("true")) {
                w.line("if (%s) {", cond);
            }
            writeField(w, s, f, present);
            if (!cond.equals("true")) {
                if (f.ignorable()) {
                    w.line("}");
                } else {
                    w.line("} else {");
                    absentCheck(w, s, f);
                    w.line("}");
                }
            }
        }
        if (flexible) {
            writeTaggedFields(w, s);
        }
        w.line("}");
        w.blank();
    }

    private void absentCheck(CodeWriter w, StructSpec s, FieldSpec f) {
        if (f.ignorable()) {
            return;
        }
        String field = Names.field(f.name());
        w.line("if (!(%s)) {", types.isDefault(f, field));
        w.line("throw Wire.notCarried(%s, version, %s);", Names.literal(path(s, f)),
                Names.literal(f.versions().describe()));
        w.line("}");
    }

    private void writeField(CodeWriter w, StructSpec s, FieldSpec f, Versions present) {
        String field = Names.field(f.name());
        FieldType t = f.type();
        boolean mayBeNull = false;
        if (t.canBeNull()) {
            Versions nullable = f.nullableVersions().intersect(present);
            mayBeNull = !nullable.isEmpty();
            String nullCond = nullable.condition("version", present);
            if (!nullCond.equals("true")) {
                String check = nullCond.equals("false") ? field + " == null" : field + " == null && !(" + nullCond + ")";
                w.line("if (%s) {", check);
                w.line("throw Wire.nullNotAllowed(%s, version, %s);", Names.literal(path(s, f)),
                        Names.literal(f.nullableVersions().describe()));
                w.line("}");
            }
            if (t.isStruct() && nullable.isEmpty()) {
                types.writeNonNullStruct(w, field, t.structName());
                return;
            }
            if (t.isStruct() && !nullable.covers(present)) {
                throw new SchemaException(path(s, f) + ": a struct nullable in only some versions");
            }
        }
        types.write(w, t, field, path(s, f), mayBeNull);
    }

    private List<FieldSpec> tagged(StructSpec s) {
        List<FieldSpec> tagged = new ArrayList<>();
        Set<Integer> tags = new HashSet<>();
        for (FieldSpec f : s.fields()) {
            if (f.isTagged()) {
                if (!f.taggedVersions().covers(f.versions().intersect(versions))) {
                    throw new SchemaException(path(s, f) + ": tagged in only some of its versions");
                }
                if (!tags.add(f.tag())) {
                    throw new SchemaException(path(s, f) + ": tag " + f.tag() + " is used twice");
                }
                tagged.add(f);
            }
        }
        tagged.sort(Comparator.comparingInt(FieldSpec::tag));
        return tagged;
    }

    private void writeTaggedFields(CodeWriter w, StructSpec s) {
        List<FieldSpec> tagged = tagged(s);
        if (tagged.isEmpty()) {
            w.line("out.writeByte(0);");
            return;
        }
        w.line("int taggedFields = 0;");
        for (FieldSpec f : tagged) {
            String field = Names.field(f.name());
            String cond = f.versions().intersect(versions).condition("version", versions);
            String notDefault = "!(" + types.isDefault(f, field) + ")";
            if (cond.equals("false")) {
                absentCheck(w, s, f);
                continue;
            }
            w.line("if (%s) {", cond.equals("true") ? notDefault : cond + " && " + notDefault);
            w.line("taggedFields++;");
            if (!cond.equals("true") && !f.ignorable()) {
                w.line("} else if (%s) {", notDefault);
                w.line("throw Wire.notCarried(%s, version, %s);", Names.literal(path(s, f)),
                        Names.literal(f.versions().describe()));
            }
            w.line("}");
        }
        w.line("Primitives.writeUnsignedVarint(out, taggedFields);");
        for (FieldSpec f : tagged) {
            String field = Names.field(f.name());
            Versions present = f.versions().intersect(versions);
            String cond = present.condition("version", versions);
            if (cond.equals("false")) {
                continue;
            }
            String notDefault = "!(" + types.isDefault(f, field) + ")";
            w.line("if (%s) {", cond.equals("true") ? notDefault : cond + " && " + notDefault);
            w.line("int valueSize = 0;");
            types.size(w, f.type(), field, "valueSize", f.type().isStruct() && f.nullableVersions().isEmpty());
            w.line("Primitives.writeTagHeader(out, %d, valueSize);", f.tag());
            writeField(w, s, f, present);
            w.line("}");
        }
    }

    // ---- size -----------------------------------------------------------------------------------

    private void sizeMethod(CodeWriter w, StructSpec s) {
        w.line("/** The number of bytes {@link #write} writes at {@code version}. */");
        w.line("public int size(short version) {");
        w.line("int _size = 0;");
        for (FieldSpec f : s.fields()) {
            if (f.isTagged()) {
                continue;
            }
            Versions present = f.versions().intersect(versions);
            String cond = present.condition("version", versions);
            if (cond.equals("false")) {
                continue;
            }
            if (!cond.equals("true")) {
                w.line("if (%s) {", cond);
            }
            types.size(w, f.type(), Names.field(f.name()), "_size", nonNullStruct(f, present));
            if (!cond.equals("true")) {
                w.line("}");
            }
        }
        if (flexible) {
            List<FieldSpec> tagged = tagged(s);
            if (tagged.isEmpty()) {
                w.line("_size += 1;");
            } else {
                w.line("int taggedFields = 0;");
                for (FieldSpec f : tagged) {
                    String field = Names.field(f.name());
                    Versions present = f.versions().intersect(versions);
                    String cond = present.condition("version", versions);
                    if (cond.equals("false")) {
                        continue;
                    }
                    String notDefault = "!(" + types.isDefault(f, field) + ")";
                    w.line("if (%s) {", cond.equals("true") ? notDefault : cond + " && " + notDefault);
                    w.line("taggedFields++;");
                    w.line("int valueSize = 0;");
                    types.size(w, f.type(), field, "valueSize", nonNullStruct(f, present));
                    w.line("_size += Primitives.sizeOfUnsignedVarint(%d) + Primitives.sizeOfUnsignedVarint(valueSize)"
                            + " + valueSize;", f.tag());
                    w.line("}");
                }
                w.line("_size += Primitives.sizeOfUnsignedVarint(taggedFields);");
            }
        }
        w.line("return _size;");
        w.line("}");
        w.blank();
    }

    private static boolean nonNullStruct(FieldSpec f, Versions present) {
        return f.type().isStruct() && f.nullableVersions().intersect(present).isEmpty();
    }

    // ---- read -----------------------------------------------------------------------------------

    private void readMethod(CodeWriter w, StructSpec s, boolean top, boolean records) {
        String name = javaName(s);
        if (top) {
            w.line("/**");
            w.line(" * Reads a body at {@code version}; a truncated or malformed body is a ProtocolException naming the");
            w.line(" * field.%s", records ? " Record sets are slices of {@code in}, retained for the returned message,"
                    : "");
            if (records) {
                w.line(" * which its holder releases once with {@link #release()}; {@code in} stays the caller's.");
            }
            w.line(" */");
            w.line("public static %s read(ByteBuf in, short version) {", name);
            w.line("Wire.checkVersion(ApiKey.%s, version, LOWEST_VERSION, HIGHEST_VERSION);", apiConstant);
            if (records) {
                w.line("%s message = readFields(in, version);", name);
                w.line("message.forEachRecords(ByteBuf::retain);");
                w.line("return message;");
                w.line("}");
                w.blank();
                w.line("private static %s readFields(ByteBuf in, short version) {", name);
            }
        } else {
            w.line("/** Reads this struct at {@code version}. */");
            w.line("public static %s read(ByteBuf in, short version) {", name);
        }
        List<String> args = new ArrayList<>();
        for (FieldSpec f : s.fields()) {
            String local = "_" + Names.field(f.name());
            args.add(local);
            w.line("%s %s = %s;", types.javaType(f.type()), local, types.defaultValue(f));
        }
        for (FieldSpec f : s.fields()) {
            if (f.isTagged()) {
                continue;
            }
            Versions present = f.versions().intersect(versions);
            String cond = present.condition("version", versions);
            if (cond.equals("false")) {
                continue;
            }
            if (!cond.equals("true")) {
                w.line("if (%s) {", cond);
            }
            readField(w, s, f, present);
            if (!cond.equals("true")) {
                w.line("}");
            }
        }
        if (flexible) {
            readTaggedFields(w, s);
        }
        w.line("return new %s(%s);", name, String.join(", ", args));
        w.line("}");
        w.blank();
    }

    private void readField(CodeWriter w, StructSpec s, FieldSpec f, Versions present) {
        Versions nullable = f.nullableVersions().intersect(present);
        String nullAllowed = nullable.condition("version", present);
        types.read(w, f.type(), "_" + Names.field(f.name()), path(s, f), nullAllowed, nonNullStruct(f, present));
    }

    private void readTaggedFields(CodeWriter w, StructSpec s) {
        List<FieldSpec> tagged = new ArrayList<>();
        for (FieldSpec f : tagged(s)) {
            if (!f.versions().intersect(versions).isEmpty()) {
                tagged.add(f);
            }
        }
        if (tagged.isEmpty()) {
            w.line("Primitives.skipTaggedFields(in);");
            return;
        }
        w.line("int taggedFields = Primitives.readUnsignedVarint(in);");
        w.line("for (int t = 0, tag = -1; t < taggedFields; t++) {");
        w.line("tag = Primitives.readTag(in, tag);");
        w.line("int end = Primitives.readTagEnd(in, tag);");
        w.line("switch (tag) {");
        for (FieldSpec f : tagged) {
            Versions present = f.versions().intersect(versions);
            String cond = present.condition("version", versions);
            w.line("case %d -> {", f.tag());
            if (!cond.equals("true")) {
                w.line("if (%s) {", cond);
            }
            readField(w, s, f, present);
            if (!cond.equals("true")) {
                w.line("} else {");
                w.line("in.readerIndex(end);");
                w.line("}");
            }
            w.line("}");
        }
        w.line("default -> in.readerIndex(end);");
        w.line("}");
        w.line("Primitives.checkTagEnd(in, tag, end);");
        w.line("}");
    }

    // ---- record sets ----------------------------------------------------------------------------

    private void recordsWalker(CodeWriter w, StructSpec s, boolean top) {
        w.line("/** Applies {@code action} to every non-null record set this %s holds. */", top ? "message" : "struct");
        w.line("void forEachRecords(Consumer<ByteBuf> action) {");
        for (FieldSpec f : s.fields()) {
            String field = Names.field(f.name());
            FieldType t = f.type();
            if (t.kind() == FieldType.Kind.RECORDS) {
                w.line("if (%s != null) {", field);
                w.line("action.accept(%s);", field);
                w.line("}");
            } else if (t.structOrElementStruct() != null && holdsRecords.contains(t.structOrElementStruct())) {
                String type = types.structName(t.structOrElementStruct());
                if (t.isArray()) {
                    w.line("if (%s != null) {", field);
                    w.line("for (%s e : %s) {", type, field);
                    w.line("e.forEachRecords(action);");
                    w.line("}");
                    w.line("}");
                } else {
                    w.line("if (%s != null) {", field);
                    w.line("%s.forEachRecords(action);", field);
                    w.line("}");
                }
            }
        }
        w.line("}");
        w.blank();
    }

    // ---- builder --------------------------------------------------------------------------------

    private void builder(CodeWriter w, StructSpec s) {
        String name = javaName(s);
        w.line("/** Builds a {@link %s}; every field starts at the schema's default. */", name);
        w.line("public static final class Builder {");
        for (FieldSpec f : s.fields()) {
            w.line("private %s %s = %s;", types.javaType(f.type()), Names.field(f.name()), types.defaultValue(f));
        }
        w.blank();
        w.line("private Builder() {");
        w.line("}");
        w.blank();
        w.line("private Builder(%s from) {", name);
        for (FieldSpec f : s.fields()) {
            String field = Names.field(f.name());
            w.line("this.%s = from.%s;", field, field);
        }
        w.line("}");
        for (FieldSpec f : s.fields()) {
            String field = Names.field(f.name());
            w.blank();
            String about = Names.javadoc(f.about());
            w.line("/** %s */", about.isEmpty() ? "Sets " + f.name() + "." : about);
            w.line("public Builder %s(%s %s) {", field, types.javaType(f.type()), field);
            w.line("this.%s = %s;", field, field);
            w.line("return this;");
            w.line("}");
        }
        w.blank();
        w.line("/** The value. */");
        w.line("public %s build() {", name);
        List<String> args = new ArrayList<>();
        for (FieldSpec f : s.fields()) {
            args.add(Names.field(f.name()));
        }
        w.line("return new %s(%s);", name, String.join(", ", args));
        w.line("}");
        w.line("}");
    }

    private String path(StructSpec s, FieldSpec f) {
        return s.schemaName().equals(spec.name()) ? spec.name() + "." + f.name()
                : spec.name() + "." + javaName(s) + "." + f.name();
    }

    /** The generated record's name: the message name for the body, else the struct's (shortened) name. */
    private String javaName(StructSpec s) {
        return s.schemaName().equals(spec.name()) ? spec.name() : structNames.get(s.schemaName());
    }
}
