package dev.kurier.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The machine's CPU time from {@code /proc/stat}: how much the hypervisor took from this virtual machine (steal) while
 * a run went. On a shared host, a run that lost a third of its CPU to other guests shows tails no client caused; the
 * tables print each run's share so that such runs can be told apart. Zero where {@code /proc/stat} is absent.
 *
 * @param totalTicks all CPU ticks of all cores, steal included
 * @param stealTicks ticks taken by the hypervisor for other guests
 */
record MachineCpu(long totalTicks, long stealTicks) {

    private static final Path STAT = Path.of("/proc/stat");

    /** The counters now. */
    static MachineCpu now() {
        try {
            for (String line : Files.readAllLines(STAT)) {
                if (line.startsWith("cpu ")) {
                    String[] f = line.trim().split("\\s+");
                    long total = 0;
                    // user nice system idle iowait irq softirq steal (guest time is counted within user already)
                    for (int i = 1; i <= Math.min(8, f.length - 1); i++) {
                        total += Long.parseLong(f[i]);
                    }
                    return new MachineCpu(total, f.length > 8 ? Long.parseLong(f[8]) : 0);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or a format we do not know: report no steal rather than fail the benchmark
        }
        return new MachineCpu(0, 0);
    }

    /** Percent of the machine's CPU stolen between {@code before} and this. */
    double stealPercentSince(MachineCpu before) {
        long total = totalTicks - before.totalTicks;
        return total <= 0 ? 0 : 100.0 * (stealTicks - before.stealTicks) / total;
    }

    /**
     * Writes dirty pages to disk ({@code sync}) so that a run does not pay for writing back what the run before it
     * produced. Best effort: where there is no {@code sync} command, nothing happens.
     */
    static void syncDisks() {
        try {
            Process p = new ProcessBuilder("sync").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            p.waitFor();
        } catch (IOException e) {
            // no sync command here: the runs share the writeback as before
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
