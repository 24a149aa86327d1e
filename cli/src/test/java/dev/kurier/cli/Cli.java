package dev.kurier.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Runs {@code kurier} in-process with captured streams. */
final class Cli {

    private Cli() {
    }

    /** What a run printed and returned. */
    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    static Result run(String... args) {
        return runWith("", Map.of(), args);
    }

    static Result runWithInput(String stdin, String... args) {
        return runWith(stdin, Map.of(), args);
    }

    static Result runWith(String stdin, Map<String, String> env, String... args) {
        return runWith(stdin, env, new Cancellation(), args);
    }

    static Result runWith(String stdin, Map<String, String> env, Cancellation cancellation, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Kurier.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                env, cancellation);
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
