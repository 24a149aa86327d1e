package dev.kurier.protocol.generator;

/** Builds indented Java source, one line at a time. */
final class CodeWriter {

    private final StringBuilder out = new StringBuilder();
    private int indent;

    /** Appends a line at the current indent; a line ending in "{" opens a block, one starting
     * with "}" closes one. */
    CodeWriter line(String text) {
        if (text.startsWith("}")) {
            indent--;
        }
        if (!text.isEmpty()) {
            out.append("    ".repeat(Math.max(0, indent))).append(text);
        }
        out.append('\n');
        if (text.endsWith("{")) {
            indent++;
        }
        return this;
    }

    CodeWriter line(String format, Object... args) {
        return line(String.format(format, args));
    }

    CodeWriter blank() {
        out.append('\n');
        return this;
    }

    CodeWriter indent() {
        indent++;
        return this;
    }

    CodeWriter outdent() {
        indent--;
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
