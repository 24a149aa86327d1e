package dev.kurier.client.protocol;

/**
 * The version rule of the hand-written consumer-protocol codecs (the generated messages apply theirs through
 * {@link Wire}): a field the version cannot carry must hold its default, so that nothing the caller set is dropped
 * without a word.
 */
final class VersionRules {

    private VersionRules() {
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
}
