package dev.kurier.benchmarks;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * One client run in its own JVM under {@link Measured}: the command, and afterwards its stdout lines, exit code and
 * measurements.
 *
 * @param label    what ran (for the tables)
 * @param exit     the exit code
 * @param stdout   the lines it printed
 * @param measured what {@link Measured} wrote
 * @param wallMs   wall time seen from the parent
 * @param stealPercent the machine's CPU taken by the hypervisor during the run, percent ({@link MachineCpu})
 */
record ForkedRun(String label, int exit, List<String> stdout, Properties measured, long wallMs, double stealPercent) {

    /** Runs {@code mainClass} with {@code args} in a JVM with {@code jvmOptions}; output files go to {@code dir}. */
    static ForkedRun run(String label, Path dir, Path classpath, List<String> jvmOptions, String mainClass,
                         List<String> args, long timeoutSeconds) {
        String base = label.replaceAll("[^A-Za-z0-9_.-]", "_");
        Path out = dir.resolve(base + ".out");
        Path err = dir.resolve(base + ".err");
        Path props = dir.resolve(base + ".properties");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-Dmeasured.out=" + props);
        cmd.add("-cp");
        cmd.add(classpath.toString());
        cmd.add(Measured.class.getName());
        cmd.add(mainClass);
        cmd.addAll(args);
        try {
            Files.deleteIfExists(props);
            long start = System.nanoTime();
            MachineCpu cpuBefore = MachineCpu.now();
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(label + " did not finish within " + timeoutSeconds + " s; see " + err);
            }
            long wallMs = (System.nanoTime() - start) / 1_000_000;
            double steal = MachineCpu.now().stealPercentSince(cpuBefore);
            Properties measured = new Properties();
            if (Files.exists(props)) {
                try (Reader r = Files.newBufferedReader(props, StandardCharsets.UTF_8)) {
                    measured.load(r);
                }
            }
            ForkedRun run = new ForkedRun(label, p.exitValue(), Files.readAllLines(out, StandardCharsets.UTF_8), measured,
                    wallMs, steal);
            if (run.exit != 0 || measured.isEmpty()) {
                throw new IllegalStateException(label + " failed (exit " + run.exit + "):\n"
                        + String.join("\n", run.stdout) + "\n" + Files.readString(err, StandardCharsets.UTF_8));
            }
            return run;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** A measured value as a long (0 when absent). */
    long value(String key) {
        return Long.parseLong(measured.getProperty(key, "0"));
    }

    /** Process CPU seconds. */
    double cpuSeconds() {
        return value("cpu.process.ns") / 1e9;
    }

    /** Process CPU seconds after the JVM had started (from entering main). */
    double cpuSecondsFromMain() {
        return (value("cpu.process.ns") - value("cpu.atMain.ns")) / 1e9;
    }

    /** Heap bytes allocated by Java threads from entering main on. */
    long allocatedFromMain() {
        return value("alloc.threads.bytes") - value("alloc.atMain.bytes");
    }

    /** The last line printed on stdout. */
    String lastLine() {
        return stdout.isEmpty() ? "" : stdout.get(stdout.size() - 1);
    }
}
