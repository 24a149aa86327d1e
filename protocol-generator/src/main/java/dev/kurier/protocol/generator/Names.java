package dev.kurier.protocol.generator;

import java.util.Set;

/** Java names for schema names. */
public final class Names {

    private static final Set<String> KEYWORDS = Set.of("abstract", "assert", "boolean", "break", "byte", "case",
            "catch", "char", "class", "const", "continue", "default", "do", "double", "else", "enum", "extends", "final",
            "finally", "float", "for", "goto", "if", "implements", "import", "instanceof", "int", "interface", "long",
            "native", "new", "package", "private", "protected", "public", "return", "short", "static", "strictfp",
            "super", "switch", "synchronized", "this", "throw", "throws", "transient", "try", "void", "volatile",
            "while", "true", "false", "null", "record", "var", "yield", "sealed", "permits");

    private Names() {
    }

    /** {@code TopicId} → {@code topicId}, as Kafka's own generator names fields. */
    public static String field(String schemaName) {
        String name = Character.toLowerCase(schemaName.charAt(0)) + schemaName.substring(1);
        return KEYWORDS.contains(name) ? name + "Value" : name;
    }

    /** {@code DescribeUserScramCredentials} → {@code DESCRIBE_USER_SCRAM_CREDENTIALS}. */
    static String constant(String camel) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            boolean boundary = i > 0 && Character.isUpperCase(c)
                    && (Character.isLowerCase(camel.charAt(i - 1))
                        || (i + 1 < camel.length() && Character.isLowerCase(camel.charAt(i + 1))
                            && Character.isUpperCase(camel.charAt(i - 1))));
            if (boundary) {
                out.append('_');
            }
            out.append(Character.toUpperCase(c));
        }
        return out.toString();
    }

    /** A Java string literal for {@code text}. */
    static String literal(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /** Text safe inside a javadoc comment. */
    static String javadoc(String text) {
        if (text == null || text.isBlank()) {
            return "";
        }
        return text.trim().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("@", "&#64;")
                .replace("*/", "*&#47;");
    }
}
