package dev.kurier.client.security.sasl;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One login module entry of a {@code sasl.jaas.config} value, in Kafka's JAAS syntax:
 * {@code <class> <flag> [name=value ...];} with values bare or in double quotes (backslash escapes the next
 * character). Parse errors say where the text went wrong, never what the values are.
 *
 * @param loginModule the login module class, e.g. {@code org.apache.kafka.common.security.plain.PlainLoginModule}
 * @param flag        required, requisite, sufficient or optional
 * @param options     the module's options in order
 */
public record JaasConfig(String loginModule, String flag, Map<String, String> options) {

    /** Kafka's PLAIN login module. */
    public static final String PLAIN_MODULE = "org.apache.kafka.common.security.plain.PlainLoginModule";
    /** Kafka's SCRAM login module. */
    public static final String SCRAM_MODULE = "org.apache.kafka.common.security.scram.ScramLoginModule";
    /** Kafka's OAUTHBEARER login module. */
    public static final String OAUTHBEARER_MODULE = "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule";
    /** The JDK's Kerberos login module. */
    public static final String KRB5_MODULE = "com.sun.security.auth.module.Krb5LoginModule";

    /** Copies the options. */
    public JaasConfig {
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /** The module's simple class name, e.g. {@code PlainLoginModule}. */
    public String moduleSimpleName() {
        int dot = loginModule.lastIndexOf('.');
        return dot < 0 ? loginModule : loginModule.substring(dot + 1);
    }

    /**
     * Parses one entry.
     *
     * @throws IllegalArgumentException naming the position of the error (never a value)
     */
    public static JaasConfig parse(String text) {
        Parser p = new Parser(text);
        String module = p.word("a login module class name");
        String flag = p.word("a control flag (required, requisite, sufficient or optional)");
        if (!flag.matches("(?i)required|requisite|sufficient|optional")) {
            throw new IllegalArgumentException("sasl.jaas.config: the control flag after the login module must be required, "
                    + "requisite, sufficient or optional");
        }
        Map<String, String> options = new LinkedHashMap<>();
        while (true) {
            p.skipSpace();
            if (p.atEnd()) {
                throw new IllegalArgumentException("sasl.jaas.config: the entry must end with ';'");
            }
            if (p.peek() == ';') {
                p.next();
                break;
            }
            String name = p.word("an option name");
            p.skipSpace();
            if (p.atEnd() || p.next() != '=') {
                throw new IllegalArgumentException("sasl.jaas.config: option '" + name + "' needs '=' and a value");
            }
            p.skipSpace();
            options.put(name, p.value(name));
        }
        p.skipSpace();
        if (!p.atEnd()) {
            throw new IllegalArgumentException("sasl.jaas.config: holds more than one login module entry; Kafka clients take one");
        }
        return new JaasConfig(module, flag.toLowerCase(java.util.Locale.ROOT), options);
    }

    /** Lists the option names only: values may be secrets. */
    @Override
    public String toString() {
        return "JaasConfig[" + loginModule + " " + flag + ", options=" + options.keySet() + "]";
    }

    private static final class Parser {
        private final String s;
        private int i;

        Parser(String s) {
            this.s = s == null ? "" : s;
        }

        boolean atEnd() {
            return i >= s.length();
        }

        char peek() {
            return s.charAt(i);
        }

        char next() {
            return s.charAt(i++);
        }

        void skipSpace() {
            while (!atEnd() && Character.isWhitespace(peek())) {
                i++;
            }
        }

        String word(String what) {
            skipSpace();
            int start = i;
            while (!atEnd() && !Character.isWhitespace(peek()) && peek() != '=' && peek() != ';' && peek() != '"') {
                i++;
            }
            if (start == i) {
                throw new IllegalArgumentException("sasl.jaas.config: expected " + what + " at character " + (i + 1));
            }
            return s.substring(start, i);
        }

        String value(String option) {
            if (atEnd()) {
                throw new IllegalArgumentException("sasl.jaas.config: option '" + option + "' has no value");
            }
            if (peek() != '"') {
                return word("a value for option '" + option + "'");
            }
            i++;
            StringBuilder out = new StringBuilder();
            while (true) {
                if (atEnd()) {
                    throw new IllegalArgumentException("sasl.jaas.config: the quoted value of option '" + option
                            + "' is not closed");
                }
                char c = next();
                if (c == '"') {
                    return out.toString();
                }
                if (c == '\\' && !atEnd()) {
                    c = next();
                }
                out.append(c);
            }
        }
    }
}
