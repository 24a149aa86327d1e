package dev.kurier.protocol.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Schema fragments in, the Java the generator writes out: the parts each rule of the schema language decides. */
class MessageGeneratorTest {

    private static final String SCHEMA = """
            // A comment, as Kafka's schema files have.
            {
              "apiKey": 99, "type": "response", "name": "DemoResponse",
              "validVersions": "0-4", "flexibleVersions": "2+",
              "fields": [
                { "name": "ThrottleTimeMs", "type": "int32", "versions": "0+", "about": "Throttle <ms>." },
                { "name": "OldField", "type": "string", "versions": "0-2", "ignorable": true, "about": "Gone." },
                { "name": "Strict", "type": "int64", "versions": "0-2", "default": "-1", "about": "Not ignorable." },
                { "name": "Items", "type": "[]DemoResponseItem", "versions": "0+", "nullableVersions": "3+",
                  "about": "Items.", "fields": [
                  { "name": "Name", "type": "string", "versions": "0+", "about": "The name." },
                  { "name": "Data", "type": "records", "versions": "0+", "nullableVersions": "0+", "about": "Data." }
                ]},
                { "name": "Leader", "type": "LeaderIdAndEpoch", "versions": "3+", "taggedVersions": "3+", "tag": 0,
                  "about": "Tagged struct.", "fields": [
                  { "name": "LeaderId", "type": "int32", "versions": "0+", "default": "-1", "about": "Leader." }
                ]}
              ]
            }
            """;

    private static MessageSpec spec() {
        return SchemaReader.parse(SCHEMA, "DemoResponse.json");
    }

    private static String generate() {
        MessageSpec spec = spec();
        ApiSelection api = ApiSelection.of(spec, spec, null);
        return new MessageGenerator(spec, api.versions(), api.flexible(), "demo", "DEMO").generate();
    }

    @Test
    void readsTheSchemaWithItsCommentsVersionsAndStructs() {
        MessageSpec spec = spec();
        assertThat(spec.apiKey()).isEqualTo((short) 99);
        assertThat(spec.flexibleVersions().describe()).isEqualTo("v2+");
        assertThat(spec.structs()).containsOnlyKeys("DemoResponseItem", "LeaderIdAndEpoch");
        assertThat(spec.fields().get(4).isTagged()).isTrue();
    }

    @Test
    void generatesOnlyTheFlexibleVersionsWithShortenedStructNames() {
        String java = generate();
        assertThat(java).contains("Demo response (key 99), v2-4, in the flexible encoding.")
                .contains("public static final short LOWEST_VERSION = 2;")
                .contains("public static final short HIGHEST_VERSION = 4;")
                .contains("public record DemoResponse(int throttleTimeMs, String oldField, long strict, "
                        + "List<Item> items, LeaderIdAndEpoch leader) implements Response {")
                .contains("public record Item(String name, ByteBuf records)".replace("records", "data"))
                .contains("@param throttleTimeMs Throttle &lt;ms&gt;.");
    }

    @Test
    void aFieldTheVersionLacksIsDroppedWhenIgnorableAndRefusedOtherwise() {
        String java = generate();
        assertThat(java).doesNotContain("throw Wire.notCarried(\"DemoResponse.OldField\"")
                .contains("if (!(strict == -1L)) {")
                .contains("throw Wire.notCarried(\"DemoResponse.Strict\", version, \"v0-2\");");
    }

    @Test
    void nullabilityIsCheckedPerVersionOnBothSides() {
        String java = generate();
        assertThat(java).contains("if (items == null && !(version >= 3)) {")
                .contains("throw Wire.nullNotAllowed(\"DemoResponse.Items\", version, \"v3+\");")
                .contains("Wire.readCompactArrayLength(in, \"DemoResponse.Items\", version >= 3)");
    }

    @Test
    void taggedFieldsAreWrittenOnlyWhenNotTheDefaultAndSkippedWhenUnknown() {
        String java = generate();
        assertThat(java).contains("if (version >= 3 && !((leader == null || leader.equals(LeaderIdAndEpoch.DEFAULT)))) {")
                .contains("Primitives.writeTagHeader(out, 0, valueSize);")
                .contains("default -> in.readerIndex(end);")
                .contains("Primitives.checkTagEnd(in, tag, end);");
    }

    @Test
    void recordSetsAreSlicedThenRetainedOnlyOnceTheWholeMessageIsRead() {
        String java = generate();
        assertThat(java).contains("message.forEachRecords(ByteBuf::retain);")
                .contains("Wire.readCompactRecords(in, \"DemoResponse.Item.Data\", true)")
                .contains("public void release() {");
    }

    @Test
    void anApiWithoutFlexibleVersionsUsesTheClassicEncoding() {
        MessageSpec spec = SchemaReader.parse(SCHEMA.replace("\"flexibleVersions\": \"2+\"",
                "\"flexibleVersions\": \"none\""), "DemoResponse.json");
        ApiSelection api = ApiSelection.of(spec, spec, 3);
        assertThat(api.versions().describe()).isEqualTo("v0-4");
        assertThat(api.clientMax()).isEqualTo((short) 3);
        String java = new MessageGenerator(spec, api.versions(), false, "demo", "DEMO").generate();
        assertThat(java).contains("Wire.readArrayLength(in, \"DemoResponse.Items\"")
                .contains("Primitives.writeNullableString(out, oldField);")
                .doesNotContain("Primitives.writeTagHeader");
    }

    @Test
    void schemaMistakesAreNamed() {
        assertThatThrownBy(() -> SchemaReader.parse("""
                {"apiKey": 1, "type": "request", "name": "BadRequest", "validVersions": "0", "flexibleVersions": "0+",
                 "fields": [{"name": "X", "type": "[]Missing", "versions": "0+"}]}
                """, "BadRequest.json")).isInstanceOf(SchemaException.class)
                .hasMessageContaining("BadRequest.X").hasMessageContaining("Missing");
        assertThatThrownBy(() -> SchemaReader.parse("""
                {"apiKey": 1, "type": "request", "name": "BadRequest", "validVersions": "0", "flexibleVersions": "0+",
                 "fields": [{"name": "X", "type": "int33", "versions": "0+"}]}
                """, "BadRequest.json")).isInstanceOf(SchemaException.class).hasMessageContaining("int33");
    }

    @Test
    void versionRangesParseAndPrintAsTheSchemasWriteThem() {
        assertThat(Versions.parse("3+").describe()).isEqualTo("v3+");
        assertThat(Versions.parse("1-4").describe()).isEqualTo("v1-4");
        assertThat(Versions.parse("none").isEmpty()).isTrue();
        Versions context = Versions.parse("2-4");
        assertThat(Versions.parse("0+").condition("v", context)).isEqualTo("true");
        assertThat(Versions.parse("3+").condition("v", context)).isEqualTo("v >= 3");
        assertThat(Versions.parse("0-2").condition("v", context)).isEqualTo("v <= 2");
        assertThat(Versions.parse("3").condition("v", context)).isEqualTo("v == 3");
        assertThat(Versions.parse("5+").condition("v", context)).isEqualTo("false");
        assertThat(Names.constant("DescribeUserScramCredentials")).isEqualTo("DESCRIBE_USER_SCRAM_CREDENTIALS");
        assertThat(Names.constant("ApiVersions")).isEqualTo("API_VERSIONS");
    }
}
