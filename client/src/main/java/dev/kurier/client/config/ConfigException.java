package dev.kurier.client.config;

import dev.kurier.client.errors.KurierException;

/** A configuration value is missing, malformed or out of range. The message names the key and what is allowed. */
public class ConfigException extends KurierException {

    private static final long serialVersionUID = 1L;

    private final String key;

    /** {@code key} is wrong, as {@code message} explains. */
    public ConfigException(String key, String message) {
        super(key + ": " + message);
        this.key = key;
    }

    /** The config key at fault. */
    public String key() {
        return key;
    }
}
