package dev.kurier.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads LF-terminated lines as bytes (no charset decoding, so any bytes pass through unchanged); a CR before
 * the LF is dropped. The buffer grows with the longest line.
 */
final class LineReader {

    private final InputStream in;
    private final byte[] chunk = new byte[65_536];
    private int chunkPos;
    private int chunkLen;
    private byte[] line = new byte[1024];
    private int lineLen;
    private boolean eof;

    LineReader(InputStream in) {
        this.in = in;
    }

    /** Reads the next line into {@link #bytes()}; false at the end of input. */
    boolean next() throws IOException {
        lineLen = 0;
        boolean any = false;
        while (true) {
            if (chunkPos == chunkLen) {
                if (eof) {
                    return any && endLine();
                }
                chunkLen = in.read(chunk);
                chunkPos = 0;
                if (chunkLen <= 0) {
                    chunkLen = 0;
                    eof = true;
                    return any && endLine();
                }
            }
            any = true;
            int start = chunkPos;
            while (chunkPos < chunkLen && chunk[chunkPos] != '\n') {
                chunkPos++;
            }
            append(start, chunkPos - start);
            if (chunkPos < chunkLen) {
                chunkPos++; // the LF
                return endLine();
            }
        }
    }

    private boolean endLine() {
        if (lineLen > 0 && line[lineLen - 1] == '\r') {
            lineLen--;
        }
        return true;
    }

    private void append(int from, int n) {
        if (lineLen + n > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, lineLen + n));
        }
        System.arraycopy(chunk, from, line, lineLen, n);
        lineLen += n;
    }

    /** The current line's bytes; valid up to {@link #length()} until the next {@link #next()}. */
    byte[] bytes() {
        return line;
    }

    /** The current line's length. */
    int length() {
        return lineLen;
    }
}
