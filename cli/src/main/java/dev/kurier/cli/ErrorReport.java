package dev.kurier.cli;

import java.io.PrintStream;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Reports a failure as one line on stderr, {@code kurier: error: MESSAGE}; the stack trace only with
 * {@code -v}. Wrappers without a message of their own (CompletionException, ...) are unwrapped.
 */
final class ErrorReport {

    private ErrorReport() {
    }

    /** Writes the report. */
    static void print(PrintStream err, Throwable failure, boolean verbose) {
        Throwable t = unwrap(failure);
        err.println("kurier: error: " + oneLine(t, verbose));
        if (verbose) {
            t.printStackTrace(err);
        }
        err.flush();
    }

    /** The message of {@code t} on one line; a multi-line message is cut after its first line. */
    static String oneLine(Throwable t, boolean verbose) {
        String m = t.getMessage();
        if (m == null || m.isBlank()) {
            m = t.getClass().getSimpleName();
            if (t.getCause() != null && t.getCause().getMessage() != null) {
                m += ": " + t.getCause().getMessage();
            }
        }
        m = m.strip();
        int nl = m.indexOf('\n');
        if (nl >= 0) {
            m = m.substring(0, nl).strip() + (verbose ? "" : " (-v shows the details)");
        }
        return m;
    }

    static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
