package dev.kurier.protocol.generator;

import java.util.List;

/**
 * One field of a struct, as the schema declares it.
 *
 * @param name the schema name ({@code TopicId})
 * @param type the field's type
 * @param versions the versions that carry it
 * @param nullableVersions the versions in which it may be null
 * @param taggedVersions the versions in which it is a tagged field (empty for regular fields)
 * @param tag the tag, or -1
 * @param ignorable whether a non-default value may be dropped silently at a version that lacks the field
 * @param defaultValue the schema's default, as written ({@code "-1"}, {@code "null"}, {@code "true"}), or null
 * @param about the schema's description, or null
 * @param fields the fields of an inline struct (empty otherwise)
 */
public record FieldSpec(String name, FieldType type, Versions versions, Versions nullableVersions, Versions taggedVersions,
                 int tag, boolean ignorable, String defaultValue, String about, List<FieldSpec> fields) {

    public boolean isTagged() {
        return tag >= 0;
    }
}
