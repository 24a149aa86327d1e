package dev.kurier.spring;

import java.util.List;

/** {@link KurierConnectionDetails} from {@code kurier.bootstrap-servers}. */
public final class PropertiesKurierConnectionDetails implements KurierConnectionDetails {

    private final KurierProperties properties;

    /** Details read from {@code properties}. */
    public PropertiesKurierConnectionDetails(KurierProperties properties) {
        this.properties = properties;
    }

    @Override
    public List<String> getBootstrapServers() {
        return properties.getBootstrapServers();
    }
}
