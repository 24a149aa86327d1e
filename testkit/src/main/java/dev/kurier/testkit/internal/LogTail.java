package dev.kurier.testkit.internal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Reads the last lines of a log file, for error messages. */
public final class LogTail {

    /** Never read more than this many bytes from the end of a file. */
    private static final int MAX_BYTES = 64 * 1024;

    private LogTail() {
    }

    /** The last {@code lines} lines of {@code file}, or a note saying why there are none. */
    public static String of(Path file, int lines) {
        if (!Files.isRegularFile(file)) {
            return "(" + file.getFileName() + " does not exist)";
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            int size = (int) Math.min(length, MAX_BYTES);
            byte[] bytes = new byte[size];
            in.seek(length - size);
            in.readFully(bytes);
            List<String> all = Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\r?\n"));
            if (all.size() == 1 && all.get(0).isEmpty()) {
                return "(" + file.getFileName() + " is empty)";
            }
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    /** What was written to {@code file} after it had {@code offset} bytes (at most the last 64 KiB of it). */
    public static String since(Path file, long offset) {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            long start = Math.max(offset, length - MAX_BYTES);
            if (start >= length) {
                return "";
            }
            byte[] bytes = new byte[(int) (length - start)];
            in.seek(start);
            in.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * The first line written to {@code file} after it had {@code offset} bytes that contains
     * {@code needle}, or {@code null}: the cause of a failure is often logged long before its tail.
     */
    public static String firstLineSince(Path file, long offset, String needle) {
        for (String line : since(file, offset).split("\r?\n")) {
            if (line.contains(needle)) {
                return line.strip();
            }
        }
        return null;
    }
}
