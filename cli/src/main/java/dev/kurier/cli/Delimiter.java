package dev.kurier.cli;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A key delimiter from the command line ({@code -K}), as bytes. Accepts kcat's escapes: {@code \t},
 * {@code \n}, {@code \r}, {@code \\} and {@code \xNN}; any other character stands for its UTF-8 bytes.
 */
final class Delimiter {

    private Delimiter() {
    }

    /** The bytes of {@code spec}; a usage error (naming {@code option}) if it is empty or has a bad escape. */
    static byte[] parse(String spec, String option, Help.Topic help) {
        if (spec.isEmpty()) {
            throw new UsageException(help, "option " + option + " needs a non-empty delimiter");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < spec.length()) {
            char c = spec.charAt(i);
            if (c != '\\' || i + 1 >= spec.length()) {
                int end = i + Character.charCount(spec.codePointAt(i));
                out.writeBytes(spec.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end;
                continue;
            }
            char e = spec.charAt(i + 1);
            switch (e) {
                case 't' -> out.write('\t');
                case 'n' -> out.write('\n');
                case 'r' -> out.write('\r');
                case '\\' -> out.write('\\');
                case 'x' -> {
                    if (i + 4 > spec.length()) {
                        throw new UsageException(help, "option " + option + ": \\x needs two hex digits in '" + spec + "'");
                    }
                    try {
                        out.write(Integer.parseInt(spec.substring(i + 2, i + 4), 16));
                    } catch (NumberFormatException ex) {
                        throw new UsageException(help, "option " + option + ": \\x needs two hex digits in '" + spec + "'");
                    }
                    i += 2;
                }
                default -> throw new UsageException(help, "option " + option + ": unknown escape \\" + e + " in '"
                        + spec + "' (use \\t, \\n, \\r, \\\\ or \\xNN)");
            }
            i += 2;
        }
        return out.toByteArray();
    }

    /** The index of the first occurrence of {@code needle} in {@code line[0, length)}, or -1. */
    static int indexOf(byte[] line, int length, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (line[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
