package dev.kurier.client.config;

/**
 * Supplies config values kept outside the config itself, such as secrets in a vault (KIP-297). A value
 * {@code ${NAME:PATH:KEY}} is replaced by {@code get(PATH, KEY)} of the provider registered as NAME with
 * {@code config.providers=NAME} and {@code config.providers.NAME.class=<class>}. The providers {@code env} and
 * {@code file} are built in.
 */
@FunctionalInterface
public interface ConfigProvider {

    /**
     * The value at {@code path} and {@code key}, or {@code null} when there is none.
     *
     * @param path the part between the provider name and the key, empty when there is none
     */
    String get(String path, String key);
}
