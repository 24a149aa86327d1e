package dev.kurier.protocol.generator;

import java.util.List;

/** Writes the {@code ApiKey} enum (every API generated, with its versions) and the README's table of them. */
final class ApiKeyGenerator {

    private ApiKeyGenerator() {
    }

    static String enumSource(String packageName, List<ApiSelection> apis) {
        CodeWriter w = new CodeWriter();
        w.line("package %s;", packageName);
        w.blank();
        w.line("/**");
        w.line(" * The Kafka APIs Kurier speaks, with the versions this client negotiates.");
        w.line(" *");
        w.line(" * <p>Generated from Apache Kafka's message schemas; do not edit. Only flexible versions are implemented");
        w.line(" * (APIs without any, such as SaslHandshake, aside): they cover every broker from Apache Kafka 2.8 on.");
        w.line(" * The connection negotiates {@code min(ours.max, broker.max)} and refuses an API whose ranges do not");
        w.line(" * overlap, naming it. {@link #maxVersion} is below the codec's highest version where the client's");
        w.line(" * logic does not use a newer version yet ({@code api-versions.properties}).");
        w.line(" */");
        w.line("public enum ApiKey {");
        for (int i = 0; i < apis.size(); i++) {
            ApiSelection api = apis.get(i);
            short firstFlexible = api.flexible() ? api.versions().lowest() : Short.MAX_VALUE;
            w.line("%s(%d, \"%s\", %d, %d, %s)%s", api.constant(), api.request().apiKey(), api.apiName(),
                    api.versions().lowest(), api.clientMax(),
                    firstFlexible == Short.MAX_VALUE ? "Short.MAX_VALUE" : String.valueOf(firstFlexible),
                    i == apis.size() - 1 ? ";" : ",");
        }
        w.blank();
        w.line("private static final ApiKey[] BY_ID = new ApiKey[256];");
        w.blank();
        w.line("static {");
        w.line("for (ApiKey key : values()) {");
        w.line("BY_ID[key.id] = key;");
        w.line("}");
        w.line("}");
        w.blank();
        w.line("/** The numeric api_key on the wire. */");
        w.line("public final short id;");
        w.line("/** The name Kafka's documentation uses. */");
        w.line("public final String displayName;");
        w.line("/** The lowest version Kurier implements. */");
        w.line("public final short minVersion;");
        w.line("/** The highest version Kurier negotiates. */");
        w.line("public final short maxVersion;");
        w.line("private final short firstFlexibleVersion;");
        w.blank();
        w.line("ApiKey(int id, String displayName, int minVersion, int maxVersion, int firstFlexibleVersion) {");
        w.line("this.id = (short) id;");
        w.line("this.displayName = displayName;");
        w.line("this.minVersion = (short) minVersion;");
        w.line("this.maxVersion = (short) maxVersion;");
        w.line("this.firstFlexibleVersion = (short) firstFlexibleVersion;");
        w.line("}");
        w.blank();
        w.line("/** The key with this wire id, or {@code null} for an API Kurier does not implement. */");
        w.line("public static ApiKey forId(int id) {");
        w.line("return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;");
        w.line("}");
        w.blank();
        w.line("/** Whether {@code version} of this API uses the flexible (compact, tagged) encoding. */");
        w.line("public boolean isFlexible(short version) {");
        w.line("return version >= firstFlexibleVersion;");
        w.line("}");
        w.blank();
        w.line("/** Request header version: 2 for flexible versions, 1 otherwise. */");
        w.line("public short requestHeaderVersion(short version) {");
        w.line("return isFlexible(version) ? (short) 2 : (short) 1;");
        w.line("}");
        w.blank();
        w.line("/** Response header version: 1 for flexible versions, 0 otherwise; ApiVersions always 0 (KIP-511). */");
        w.line("public short responseHeaderVersion(short version) {");
        w.line("if (this == API_VERSIONS) {");
        w.line("return 0;");
        w.line("}");
        w.line("return isFlexible(version) ? (short) 1 : (short) 0;");
        w.line("}");
        w.blank();
        w.line("@Override");
        w.line("public String toString() {");
        w.line("return displayName + \"(\" + id + \")\";");
        w.line("}");
        w.line("}");
        return w.toString();
    }

    /** The Markdown table of APIs and versions that the README carries. */
    static String markdownTable(List<ApiSelection> apis) {
        StringBuilder out = new StringBuilder();
        out.append("| API | key | versions Kurier negotiates | codec versions |\n");
        out.append("|---|---:|---|---|\n");
        for (ApiSelection api : apis) {
            Versions negotiated = new Versions(api.versions().lowest(), api.clientMax());
            out.append("| ").append(api.apiName()).append(" | ").append(api.request().apiKey()).append(" | ")
                    .append(negotiated.describe()).append(" | ").append(api.versions().describe()).append(" |\n");
        }
        return out.toString();
    }
}
