package dev.kurier.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What IDEs show for {@code kurier.*} keys, from the generated configuration metadata. */
class ConfigurationMetadataTest {

    private static Map<String, JsonNode> properties() throws Exception {
        try (InputStream in = ConfigurationMetadataTest.class.getResourceAsStream(
                "/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("generated configuration metadata").isNotNull();
            Map<String, JsonNode> out = new HashMap<>();
            for (JsonNode p : JsonMapper.shared().readTree(in).get("properties")) {
                out.put(p.get("name").asString(), p);
            }
            return out;
        }
    }

    @Test
    void autoCommitKeysShowNoDefaultListenersWouldSeemToUse() throws Exception {
        Map<String, JsonNode> all = properties();
        for (String key : new String[] {"kurier.consumer.enable-auto-commit", "kurier.consumer.auto-commit-interval"}) {
            assertThat(all).containsKey(key);
            assertThat(all.get(key).has("defaultValue")).as(key + " default").isFalse();
            assertThat(all.get(key).get("description").asString()).as(key).contains("KurierListener");
        }
    }
}
