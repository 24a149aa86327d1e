package dev.kurier.client.admin;

import java.util.List;

/**
 * One config of a resource as the broker describes it.
 *
 * @param name the config key
 * @param value its value; null when the broker hides it ({@code sensitive}) or it has none
 * @param source where the value comes from
 * @param sensitive whether it is a secret (the broker never returns its value)
 * @param readOnly whether it cannot be altered
 * @param synonyms the values it would have from each source, most specific first (when asked for)
 * @param documentation the broker's description of the key (when asked for), or null
 */
public record ConfigEntry(String name, String value, Source source, boolean sensitive, boolean readOnly,
                          List<Synonym> synonyms, String documentation) {

    /** Where a config value comes from, with Kafka's wire codes. */
    public enum Source {
        UNKNOWN, DYNAMIC_TOPIC_CONFIG, DYNAMIC_BROKER_CONFIG, DYNAMIC_DEFAULT_BROKER_CONFIG, STATIC_BROKER_CONFIG,
        DEFAULT_CONFIG, DYNAMIC_BROKER_LOGGER_CONFIG, CLIENT_METRICS_CONFIG, GROUP_CONFIG;

        /** The source with this wire code (UNKNOWN for codes this client does not know). */
        public static Source forCode(byte code) {
            return code >= 0 && code < values().length ? values()[code] : UNKNOWN;
        }
    }

    /**
     * A value the config has from one source.
     *
     * @param name the key at that source (a broker key for a topic config's default)
     * @param value the value, or null when hidden
     * @param source the source
     */
    public record Synonym(String name, String value, Source source) {
    }

    /** Whether the value is the default (no one set it). */
    public boolean isDefault() {
        return source == Source.DEFAULT_CONFIG;
    }

    @Override
    public String toString() {
        return name + "=" + (sensitive ? "(sensitive)" : value) + " (" + source + ")";
    }
}
