package dev.kurier.client.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves {@code ${provider:path:key}} references in config values (KIP-297): {@code ${env:NAME}} reads an
 * environment variable, {@code ${file:/path/to.properties:key}} a key of a properties file, and providers a user
 * registers with {@code config.providers}. Errors name the config key and the reference, never the value found.
 */
public final class ConfigProviders {

    /** The key listing user providers; {@code config.providers.NAME.class} names each one's class. */
    public static final String PROVIDERS_KEY = "config.providers";

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+):(?:([^}]*?):)?([^}:]*)}");

    private ConfigProviders() {
    }

    /**
     * A copy of {@code raw} without the {@code config.providers*} keys and with every reference in a string value
     * resolved.
     */
    public static Map<String, Object> resolve(Map<String, ?> raw) {
        return resolve(raw, System::getenv);
    }

    static Map<String, Object> resolve(Map<String, ?> raw, Function<String, String> env) {
        Map<String, Object> values = new LinkedHashMap<>(raw);
        Map<String, ConfigProvider> providers = new HashMap<>();
        providers.put("env", (path, key) -> env.apply(key));
        providers.put("file", ConfigProviders::fromFile);
        Object declared = values.remove(PROVIDERS_KEY);
        if (declared != null) {
            for (String name : declared.toString().split(",")) {
                name = name.trim();
                if (name.isEmpty()) {
                    continue;
                }
                String classKey = PROVIDERS_KEY + "." + name + ".class";
                Object cls = values.get(classKey);
                if (cls == null) {
                    throw new ConfigException(classKey, "is required for the provider '" + name + "' in " + PROVIDERS_KEY);
                }
                providers.put(name, ConfigKey.instance(classKey, ConfigProvider.class, "").parse(cls));
            }
        }
        for (Iterator<String> it = values.keySet().iterator(); it.hasNext(); ) {
            if (it.next().startsWith(PROVIDERS_KEY + ".")) {
                it.remove();
            }
        }
        for (Map.Entry<String, Object> e : values.entrySet()) {
            if (e.getValue() instanceof String s && s.contains("${")) {
                e.setValue(substitute(e.getKey(), s, providers));
            }
        }
        return values;
    }

    private static String substitute(String configKey, String value, Map<String, ConfigProvider> providers) {
        Matcher m = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String path = m.group(2) == null ? "" : m.group(2);
            String key = m.group(3);
            ConfigProvider provider = providers.get(name);
            if (provider == null) {
                // Not a provider reference (a value may legitimately hold "${"): left as it is, as kafka-clients does.
                m.appendReplacement(out, Matcher.quoteReplacement(m.group()));
                continue;
            }
            String found;
            try {
                found = provider.get(path, key);
            } catch (ConfigException ex) {
                throw new ConfigException(configKey, "the reference " + m.group() + " cannot be resolved: " + ex.getMessage());
            } catch (RuntimeException ex) {
                throw new ConfigException(configKey, "the reference " + m.group() + " cannot be resolved: " + ex);
            }
            if (found == null) {
                throw new ConfigException(configKey, "the reference " + m.group() + " resolves to nothing (no such "
                        + (name.equals("env") ? "environment variable" : "key") + ")");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(found));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String fromFile(String path, String key) {
        if (path.isEmpty()) {
            throw new IllegalArgumentException("the file provider needs ${file:PATH:KEY}");
        }
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            props.load(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + path + " (" + e.getClass().getSimpleName() + ")");
        }
        return props.getProperty(key);
    }
}
