package dev.kurier.testkit.launcher;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The line protocol between the testkit and its forked broker launcher; plain JDK code, used on both
 * sides of the pipe.
 *
 * <p>The launcher writes status lines to its stdout: {@code KURIER READY}, {@code KURIER FAILED <kind>
 * <message>} and {@code KURIER REPLY <id> OK|ERR <payload>}. The testkit writes commands to the
 * launcher's stdin: {@code <id> <verb> <arg>...}. Every field is URL-encoded so that it holds no
 * space; the empty string is written as {@value #EMPTY}. End of stdin tells the launcher that its
 * owner is gone, so it stops the broker and exits.
 */
public final class ControlProtocol {

    /** Prefix of every status line the launcher writes; other lines on stdout are ignored. */
    public static final String PREFIX = "KURIER";
    /** Status: the broker has started and answers metadata requests. */
    public static final String READY = "READY";
    /** Status: the broker could not start; followed by a kind and a message. */
    public static final String FAILED = "FAILED";
    /** Status: the answer to one command; followed by the command id, OK or ERR, and a payload. */
    public static final String REPLY = "REPLY";
    /** Failure kind: a listener port was taken by someone else. */
    public static final String KIND_BIND = "BIND";
    /** Failure kind: anything else. */
    public static final String KIND_ERROR = "ERROR";
    /** Reply outcome: success. */
    public static final String OK = "OK";
    /** Reply outcome: failure, the payload is the message. */
    public static final String ERR = "ERR";

    /** Command: create a topic; args: name, partitions, replication factor, configs, brokers, timeout ms. */
    public static final String CREATE_TOPIC = "CREATE_TOPIC";
    /** Command: delete a topic; args: name, brokers, timeout ms. */
    public static final String DELETE_TOPIC = "DELETE_TOPIC";
    /** Command: list topic names (internal topics excluded); args: broker. */
    public static final String LIST_TOPICS = "LIST_TOPICS";
    /** Command: describe one topic's partitions; args: name, broker. */
    public static final String DESCRIBE_TOPIC = "DESCRIBE_TOPIC";

    /** The encoding of the empty string (URL encoding never writes a bare tilde). */
    public static final String EMPTY = "~";

    private ControlProtocol() {
    }

    /** Encodes one field so that it contains no whitespace. */
    public static String encode(String value) {
        if (value.isEmpty()) {
            return EMPTY;
        }
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Decodes a field written by {@link #encode}. */
    public static String decode(String field) {
        if (EMPTY.equals(field)) {
            return "";
        }
        return URLDecoder.decode(field, StandardCharsets.UTF_8);
    }

    /** Joins fields into one line, encoding each. */
    public static String line(String... fields) {
        StringBuilder out = new StringBuilder();
        for (String field : fields) {
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(encode(field));
        }
        return out.toString();
    }

    /** Splits a line written by {@link #line} back into decoded fields. */
    public static List<String> fields(String line) {
        List<String> fields = new ArrayList<>();
        for (String raw : line.trim().split(" +")) {
            if (!raw.isEmpty()) {
                fields.add(decode(raw));
            }
        }
        return fields;
    }

    /** Encodes a string map as {@code k=v&k=v}, keys and values URL-encoded. */
    public static String encodeMap(Map<String, String> map) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> entry : map.entrySet()) {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8))
                    .append('=')
                    .append(URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    /** Decodes a map written by {@link #encodeMap}. */
    public static Map<String, String> decodeMap(String encoded) {
        Map<String, String> map = new LinkedHashMap<>();
        if (encoded.isEmpty()) {
            return map;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("Malformed map entry (no '='): " + pair);
            }
            map.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return map;
    }
}
