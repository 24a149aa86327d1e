package dev.kurier.spring.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.springframework.core.ParameterizedTypeReference;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class DefaultPayloadConverterTest {

    record Item(String sku, int qty) {
    }

    private final DefaultPayloadConverter json = new DefaultPayloadConverter(new JacksonJsonCodec(JsonMapper.shared()));
    private final DefaultPayloadConverter plain = new DefaultPayloadConverter(null);

    @Test
    void bytesStringsAndBuffersConvertWithoutJson() {
        byte[] raw = {1, 2, 3};
        assertThat(plain.toBytes("t", raw)).isSameAs(raw);
        assertThat(plain.toBytes("t", "zł")).isEqualTo("zł".getBytes(StandardCharsets.UTF_8));
        assertThat(plain.toBytes("t", ByteBuffer.wrap(raw, 1, 2))).containsExactly(2, 3);
        assertThat(plain.toBytes("t", null)).isNull();
        assertThat(plain.fromBytes("t", "zł".getBytes(StandardCharsets.UTF_8), String.class)).isEqualTo("zł");
        assertThat(plain.fromBytes("t", raw, byte[].class)).isSameAs(raw);
        assertThat(plain.fromBytes("t", raw, Object.class)).isSameAs(raw);
        assertThat(((ByteBuffer) plain.fromBytes("t", raw, ByteBuffer.class)).remaining()).isEqualTo(3);
        assertThat(plain.fromBytes("t", null, Item.class)).isNull();
    }

    @Test
    void otherTypesNeedJackson() {
        assertThatThrownBy(() -> plain.toBytes("orders", new Item("a", 1)))
                .isInstanceOf(PayloadConversionException.class).hasMessageContaining("topic orders")
                .hasMessageContaining("jackson-databind");
        assertThatThrownBy(() -> plain.fromBytes("orders", "{}".getBytes(), Item.class))
                .isInstanceOf(PayloadConversionException.class).hasMessageContaining("Item");
    }

    @Test
    void jsonRoundTripIncludingGenericTypes() {
        byte[] b = json.toBytes("t", new Item("a", 2));
        assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("{\"sku\":\"a\",\"qty\":2}");
        assertThat(json.fromBytes("t", b, Item.class)).isEqualTo(new Item("a", 2));
        byte[] list = json.toBytes("t", List.of(new Item("a", 1), new Item("b", 2)));
        Object back = json.fromBytes("t", list, new ParameterizedTypeReference<List<Item>>() { }.getType());
        assertThat(back).isEqualTo(List.of(new Item("a", 1), new Item("b", 2)));
        assertThat(json.fromBytes("t", "{\"x\":1}".getBytes(), Map.class)).isEqualTo(Map.of("x", 1));
        assertThatThrownBy(() -> json.fromBytes("t", "[1".getBytes(), Item.class))
                .isInstanceOf(PayloadConversionException.class).hasMessageContaining("as JSON from topic t");
    }
}
