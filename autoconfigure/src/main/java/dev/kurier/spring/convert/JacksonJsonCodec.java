package dev.kurier.spring.convert;

import java.lang.reflect.Type;
import tools.jackson.databind.json.JsonMapper;

/** {@link JsonCodec} backed by a Jackson 3 {@link JsonMapper} (the application's, when it defines one). */
public final class JacksonJsonCodec implements JsonCodec {

    private final JsonMapper mapper;

    /** A codec using {@code mapper}. */
    public JacksonJsonCodec(JsonMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public byte[] write(Object value) {
        return mapper.writeValueAsBytes(value);
    }

    @Override
    public Object read(byte[] data, Type type) {
        return mapper.readValue(data, mapper.constructType(type));
    }
}
