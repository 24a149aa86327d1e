package dev.kurier.protocol.generator;

import java.util.List;
import java.util.Map;

/**
 * One request or response schema, with the structs it declares.
 *
 * @param name the message name ({@code FetchRequest})
 * @param apiKey the API key
 * @param request whether it is a request (else a response)
 * @param validVersions the versions the schema defines
 * @param flexibleVersions the versions using compact encodings and tagged fields
 * @param latestVersionUnstable whether the highest valid version is still unstable (not generated)
 * @param listeners where the API is served ({@code broker}, {@code controller})
 * @param fields the top-level fields
 * @param structs every struct the message declares (inline and common), by schema name
 */
public record MessageSpec(String name, short apiKey, boolean request, Versions validVersions, Versions flexibleVersions,
                   boolean latestVersionUnstable, List<String> listeners, List<FieldSpec> fields,
                   Map<String, StructSpec> structs) {

    /** The API's name: the message name without Request / Response. */
    public String apiName() {
        return name.replaceFirst("(Request|Response)$", "");
    }

    /** The stable versions: the valid ones without an unstable latest version. */
    public Versions stableVersions() {
        return latestVersionUnstable ? validVersions.capAt(validVersions.highest() - 1) : validVersions;
    }
}
