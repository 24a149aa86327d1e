package dev.kurier.protocol.generator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads Kafka's message schema files (JSON with {@code //} comments) into {@link MessageSpec}s. */
public final class SchemaReader {

    private static final JsonMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_JAVA_COMMENTS).build();

    private SchemaReader() {
    }

    /** Reads one schema file; null when it is not a request or response (headers, records, metadata records). */
    public static MessageSpec read(Path file) throws IOException {
        return parse(Files.readString(file), file.getFileName().toString());
    }

    /** Parses one schema's text; {@code source} names it in errors. */
    public static MessageSpec parse(String json, String source) {
        JsonNode root = JSON.readTree(json);
        String type = text(root, "type");
        if (!"request".equals(type) && !"response".equals(type)) {
            return null;
        }
        String name = text(root, "name");
        if (name == null) {
            throw new SchemaException(source + ": no name");
        }
        Map<String, StructSpec> structs = new LinkedHashMap<>();
        for (JsonNode common : root.path("commonStructs")) {
            String structName = text(common, "name");
            List<FieldSpec> fields = fields(common.path("fields"), name, structs);
            addStruct(structs, name, new StructSpec(structName, fields, null));
        }
        List<FieldSpec> fields = fields(root.path("fields"), name, structs);
        List<String> listeners = new ArrayList<>();
        for (JsonNode listener : root.path("listeners")) {
            listeners.add(listener.asString());
        }
        MessageSpec spec = new MessageSpec(name, (short) root.path("apiKey").asInt(-1), "request".equals(type),
                Versions.parse(text(root, "validVersions")), Versions.parse(text(root, "flexibleVersions")),
                root.path("latestVersionUnstable").asBoolean(false), listeners, fields, structs);
        checkReferences(spec, spec.fields());
        return spec;
    }

    private static List<FieldSpec> fields(JsonNode array, String message, Map<String, StructSpec> structs) {
        List<FieldSpec> fields = new ArrayList<>();
        for (JsonNode f : array) {
            String fieldName = text(f, "name");
            FieldType type;
            try {
                type = FieldType.parse(text(f, "type"));
            } catch (SchemaException e) {
                throw new SchemaException(message + "." + fieldName + ": " + e.getMessage());
            }
            List<FieldSpec> inline = f.has("fields") ? fields(f.path("fields"), message, structs) : List.of();
            String structName = type.structOrElementStruct();
            if (structName != null && f.has("fields")) {
                addStruct(structs, message, new StructSpec(structName, inline, text(f, "about")));
            }
            Versions versions = Versions.parse(text(f, "versions"));
            if (versions.isEmpty()) {
                throw new SchemaException(message + "." + fieldName + ": no versions");
            }
            int tag = f.has("tag") ? f.path("tag").asInt() : -1;
            Versions tagged = Versions.parse(text(f, "taggedVersions"));
            if ((tag >= 0) != !tagged.isEmpty()) {
                throw new SchemaException(message + "." + fieldName + ": tag and taggedVersions go together");
            }
            fields.add(new FieldSpec(fieldName, type, versions, Versions.parse(text(f, "nullableVersions")), tagged,
                    tag, f.path("ignorable").asBoolean(false), text(f, "default"), text(f, "about"), inline));
        }
        return fields;
    }

    private static void addStruct(Map<String, StructSpec> structs, String message, StructSpec struct) {
        if (structs.putIfAbsent(struct.schemaName(), struct) != null) {
            throw new SchemaException(message + ": struct " + struct.schemaName() + " is declared twice");
        }
    }

    private static void checkReferences(MessageSpec spec, List<FieldSpec> fields) {
        for (FieldSpec f : fields) {
            String struct = f.type().structOrElementStruct();
            if (struct != null && !spec.structs().containsKey(struct)) {
                throw new SchemaException(spec.name() + "." + f.name() + ": unknown struct " + struct);
            }
            checkReferences(spec, f.fields());
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }
}
