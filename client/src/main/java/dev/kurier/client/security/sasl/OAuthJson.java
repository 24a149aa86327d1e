package dev.kurier.client.security.sasl;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The top-level fields of a JSON object (a token endpoint's answer, a JWT's claims): strings, numbers and booleans;
 * nested objects and arrays are skipped. On Jackson's streaming parser, an optional dependency that only OAuth's
 * client-credentials flow needs.
 */
final class OAuthJson {

    private static final JsonFactory JSON = new JsonFactory();

    private OAuthJson() {
    }

    /** Whether Jackson is on the classpath. */
    static boolean available() {
        try {
            Class.forName("com.fasterxml.jackson.core.JsonFactory", false, OAuthJson.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * The object's top-level scalar fields.
     *
     * @throws IllegalArgumentException when the bytes are not a JSON object
     */
    static Map<String, Object> fields(byte[] json) {
        Map<String, Object> out = new HashMap<>();
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (value) {
                    case VALUE_STRING -> out.put(name, p.getText());
                    case VALUE_NUMBER_INT -> out.put(name, p.getLongValue());
                    case VALUE_NUMBER_FLOAT -> out.put(name, p.getDoubleValue());
                    case VALUE_TRUE, VALUE_FALSE -> out.put(name, p.getBooleanValue());
                    case START_OBJECT, START_ARRAY -> p.skipChildren();
                    default -> { }
                }
            }
            if (t != JsonToken.END_OBJECT) {
                throw new IllegalArgumentException("malformed JSON object");
            }
            return out;
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed JSON: " + e.getMessage(), e);
        }
    }
}
