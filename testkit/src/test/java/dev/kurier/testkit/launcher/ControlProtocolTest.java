package dev.kurier.testkit.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ControlProtocolTest {

    @Test
    void fieldsSurviveALineWhateverTheyHold() {
        List<String> fields = List.of("7", "CREATE_TOPIC", "", "a b\tc", "ünïcödé", "x=y&z", "~", "%20", "line\nbreak");

        String line = ControlProtocol.line(fields.toArray(String[]::new));

        assertThat(line).doesNotContain("\n", "\t").contains(" ");
        assertThat(line.split(" ")).hasSize(fields.size());
        assertThat(ControlProtocol.fields(line)).isEqualTo(fields);
    }

    @Test
    void mapsSurviveEncoding() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("cleanup.policy", "compact,delete");
        map.put("odd key", "a=b&c");
        map.put("empty", "");

        String encoded = ControlProtocol.encodeMap(map);

        assertThat(ControlProtocol.decodeMap(encoded)).isEqualTo(map);
        assertThat(ControlProtocol.decodeMap(ControlProtocol.encodeMap(Map.of()))).isEmpty();
        assertThat(ControlProtocol.fields(ControlProtocol.line(encoded))).containsExactly(encoded);
    }

    @Test
    void malformedMapsAreRejected() {
        assertThatThrownBy(() -> ControlProtocol.decodeMap("novalue"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("novalue");
    }
}
