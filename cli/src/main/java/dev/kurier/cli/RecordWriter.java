package dev.kurier.cli;

import dev.kurier.client.common.Header;
import dev.kurier.client.consumer.ConsumerRecord;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes consumed records to stdout, one per line: {@code [HEADERS TAB] [KEY SEP] VALUE LF}. Keys and values
 * are written as their bytes; null ones as nothing. Headers are {@code k=v} pairs joined by commas, with
 * {@code \ , = TAB CR LF} escaped by a backslash; a null header value is written as the key alone.
 */
final class RecordWriter {

    private final PrintStream out;
    private final byte[] keyDelimiter;
    private final boolean printHeaders;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);

    /**
     * @param keyDelimiter the bytes between key and value, or {@code null} to print values only
     * @param printHeaders whether lines start with the headers and a TAB
     */
    RecordWriter(PrintStream out, byte[] keyDelimiter, boolean printHeaders) {
        this.out = out;
        this.keyDelimiter = keyDelimiter;
        this.printHeaders = printHeaders;
    }

    /** Writes one record's line. */
    void write(ConsumerRecord<byte[], byte[]> record) {
        line.reset();
        if (printHeaders) {
            writeHeaders(record.headers());
            line.write('\t');
        }
        if (keyDelimiter != null) {
            if (record.key() != null) {
                line.writeBytes(record.key());
            }
            line.writeBytes(keyDelimiter);
        }
        if (record.value() != null) {
            line.writeBytes(record.value());
        }
        line.write('\n');
        out.write(line.toByteArray(), 0, line.size());
    }

    private void writeHeaders(List<Header> headers) {
        for (int i = 0; i < headers.size(); i++) {
            if (i > 0) {
                line.write(',');
            }
            Header h = headers.get(i);
            escape(h.key().getBytes(StandardCharsets.UTF_8));
            if (h.value() != null) {
                line.write('=');
                escape(h.value());
            }
        }
    }

    private void escape(byte[] bytes) {
        for (byte b : bytes) {
            switch (b) {
                case '\\', ',', '=' -> {
                    line.write('\\');
                    line.write(b);
                }
                case '\t' -> line.writeBytes(new byte[] {'\\', 't'});
                case '\r' -> line.writeBytes(new byte[] {'\\', 'r'});
                case '\n' -> line.writeBytes(new byte[] {'\\', 'n'});
                default -> line.write(b);
            }
        }
    }
}
