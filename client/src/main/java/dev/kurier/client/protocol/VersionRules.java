package dev.kurier.client.protocol;

/**
 * The version rules every codec applies: the version must be one Kurier implements, and a field the version
 * cannot carry must hold its default, so that nothing the caller set is dropped without a word.
 */
final class VersionRules {

    private VersionRules() {
    }

    /** Throws {@link UnsupportedVersionException} unless {@code version} is within Kurier's range for {@code api}. */
    static void check(ApiKey api, short version) {
        if (version < api.minVersion || version > api.maxVersion) {
            throw new UnsupportedVersionException(api.displayName + " v" + version + " is not supported: Kurier implements v"
                    + api.minVersion + "-" + api.maxVersion);
        }
    }

    /**
     * Throws {@link UnsupportedVersionException} naming {@code field} when it holds a non-default value at a
     * version that cannot carry it.
     *
     * @param isDefault whether the field holds its default (so leaving it out loses nothing)
     * @param field     the field, as {@code Message.field}
     * @param carriedIn the versions that do carry it, e.g. {@code "v8+"}
     */
    static void requireDefault(boolean isDefault, String field, short version, String carriedIn) {
        if (!isDefault) {
            throw new UnsupportedVersionException(field + " cannot be sent at v" + version + ": only " + carriedIn
                    + " carries it");
        }
    }

    /**
     * Throws {@link UnsupportedVersionException} when a field that is nullable only in later versions is null
     * at {@code version}.
     */
    static void requireNonNullAt(Object value, String field, short version, String nullableIn) {
        if (value == null) {
            throw new UnsupportedVersionException(field + " cannot be null at v" + version + ": only " + nullableIn
                    + " allows null");
        }
    }

    /** Whether a string field absent at some versions holds its default: Kafka's default is the empty string. */
    static boolean isEmpty(String value) {
        return value == null || value.isEmpty();
    }

    /** Whether a list field absent at some versions holds its default (empty). */
    static boolean isEmpty(java.util.List<?> value) {
        return value == null || value.isEmpty();
    }
}
