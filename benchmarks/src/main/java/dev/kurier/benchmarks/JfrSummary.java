package dev.kurier.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Hot spots of a JFR recording, as text: CPU samples by the method on top of the stack (self) and by every method
 * on the stack (total), per thread; and sampled allocation weight by class and by allocating site.
 * {@code java -cp kurier-benchmarks.jar dev.kurier.benchmarks.JfrSummary FILE.jfr [TOP]}.
 */
public final class JfrSummary {

    private JfrSummary() {
    }

    public static void main(String[] args) throws IOException {
        int top = args.length > 1 ? Integer.parseInt(args[1]) : 25;
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> total = new HashMap<>();
        Map<String, Long> byThread = new HashMap<>();
        Map<String, Long> allocByClass = new HashMap<>();
        Map<String, Long> allocBySite = new HashMap<>();
        long samples = 0;
        long allocTotal = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(args[0]))) {
            String type = e.getEventType().getName();
            RecordedStackTrace st = e.getStackTrace();
            if (type.equals("jdk.ExecutionSample") && st != null && !st.getFrames().isEmpty()) {
                samples++;
                List<RecordedFrame> frames = st.getFrames();
                self.merge(name(frames.get(0)), 1L, Long::sum);
                Set<String> seen = new HashSet<>();
                for (RecordedFrame f : frames) {
                    String n = name(f);
                    if (seen.add(n)) {
                        total.merge(n, 1L, Long::sum);
                    }
                }
                var thread = e.getThread("sampledThread");
                byThread.merge(thread == null ? "?" : String.valueOf(thread.getJavaName()).replaceAll("\\d+", "N"), 1L,
                        Long::sum);
            } else if (type.equals("jdk.ObjectAllocationSample")) {
                long w = e.getLong("weight");
                allocTotal += w;
                allocByClass.merge(e.getClass("objectClass").getName(), w, Long::sum);
                if (st != null && !st.getFrames().isEmpty()) {
                    allocBySite.merge(site(st.getFrames()), w, Long::sum);
                }
            }
        }
        System.out.printf(Locale.ROOT, "== %s: %d CPU samples%n", args[0], samples);
        print("CPU samples by thread", byThread, samples, top);
        print("CPU, self (top of stack)", self, samples, top);
        print("CPU, total (anywhere on the stack)", total, samples, top);
        print("allocation by class (sampled weight)", allocByClass, allocTotal, top);
        print("allocation by site (first frames)", allocBySite, allocTotal, top);
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    /** The allocating frame and its two callers: enough to tell who asked for the bytes. */
    private static String site(List<RecordedFrame> frames) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(3, frames.size()); i++) {
            if (i > 0) {
                sb.append(" <- ");
            }
            RecordedFrame f = frames.get(i);
            sb.append(name(f)).append(':').append(f.getLineNumber());
        }
        return sb.toString();
    }

    private static void print(String title, Map<String, Long> counts, long all, int top) {
        System.out.println("-- " + title);
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                .forEach(en -> System.out.printf(Locale.ROOT, "%6.1f%%  %s%n", 100.0 * en.getValue() / Math.max(1, all),
                        en.getKey()));
    }
}
