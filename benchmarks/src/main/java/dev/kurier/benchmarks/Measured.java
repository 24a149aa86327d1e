package dev.kurier.benchmarks;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Runs another class's {@code main} in this JVM and, when the JVM exits, writes what the run cost to the
 * properties file named by {@code -Dmeasured.out=FILE}:
 * <ul>
 *   <li>{@code cpu.process.ns}: CPU time of the whole process (all threads: application, I/O, GC, JIT), from
 *       {@code OperatingSystemMXBean.getProcessCpuTime()}; {@code cpu.atMain.ns} what JVM start-up had used when
 *       {@code main} was entered.</li>
 *   <li>{@code alloc.threads.bytes}: bytes allocated on the heap, summed over every Java thread with
 *       {@code com.sun.management.ThreadMXBean.getThreadAllocatedBytes}. The counters vanish with their thread, so a
 *       sampler reads them every {@value #SAMPLE_MS} ms and keeps each thread's last value: a thread that ends
 *       loses at most its last interval. {@code alloc.atMain.bytes} is the sum when {@code main} was entered.</li>
 *   <li>{@code alloc.gc.bytes}: a cross-check independent of threads: heap bytes freed by every collection (from GC
 *       notifications, before minus after, over all pools) plus the heap growth from start to end.</li>
 *   <li>{@code cpu.thread.GROUP.ns}: CPU by thread kind (from {@code /proc/self/task}, Linux only, 10 ms ticks):
 *       {@code main}, {@code io} (producer/consumer/Netty threads), {@code gc}, {@code jit}, {@code other}.</li>
 *   <li>{@code alloc.thread.GROUP.bytes}: allocation by the same kinds (Java threads only).</li>
 * </ul>
 * Usage: {@code java -Dmeasured.out=FILE -cp JAR dev.kurier.benchmarks.Measured MAIN_CLASS [ARGS...]}.
 */
public final class Measured {

    static final int SAMPLE_MS = 20;

    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private final Map<Long, Long> allocByThread = new HashMap<>();
    private final Map<Long, String> nameByThread = new HashMap<>();
    private final Map<Integer, long[]> ticksByTask = new HashMap<>();
    private final Map<Integer, String> nameByTask = new HashMap<>();
    private final AtomicLong gcFreed = new AtomicLong();
    private final long heapAtStart;

    private Measured() {
        threads.setThreadAllocatedMemoryEnabled(true);
        heapAtStart = heapUsed();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener((n, hb) -> {
                    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                        return;
                    }
                    GarbageCollectionNotificationInfo info =
                            GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
                    long before = sum(info.getGcInfo().getMemoryUsageBeforeGc());
                    long after = sum(info.getGcInfo().getMemoryUsageAfterGc());
                    gcFreed.addAndGet(before - after);
                }, null, null);
            }
        }
    }

    /** Runs {@code args[0]}'s main with the remaining arguments. */
    public static void main(String[] args) throws Throwable {
        if (args.length < 1) {
            System.err.println("usage: Measured MAIN_CLASS [ARGS...]  (-Dmeasured.out=FILE)");
            System.exit(2);
        }
        String outFile = System.getProperty("measured.out");
        Measured m = new Measured();
        long cpuAtMain = processCpu();
        m.sample(true);
        long allocAtMain = m.allocSum();
        Thread sampler = new Thread(() -> {
            int n = 0;
            while (true) {
                try {
                    Thread.sleep(SAMPLE_MS);
                } catch (InterruptedException e) {
                    return;
                }
                // /proc is read less often: it costs more than one MXBean call
                m.sample(++n % 25 == 0);
            }
        }, "measured-sampler");
        sampler.setDaemon(true);
        sampler.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> m.report(outFile, cpuAtMain, allocAtMain), "measured-report"));
        Method main = Class.forName(args[0]).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private synchronized void sample(boolean withProc) {
        long[] ids = threads.getAllThreadIds();
        long[] bytes = threads.getThreadAllocatedBytes(ids);
        for (int i = 0; i < ids.length; i++) {
            if (bytes[i] >= 0) {
                allocByThread.merge(ids[i], bytes[i], Math::max);
                if (!nameByThread.containsKey(ids[i])) {
                    var info = threads.getThreadInfo(ids[i]);
                    if (info != null) {
                        nameByThread.put(ids[i], info.getThreadName());
                    }
                }
            }
        }
        if (withProc) {
            sampleProc();
        }
    }

    /** Per native thread user+system ticks and name, from /proc/self/task/TID/stat. */
    private void sampleProc() {
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return;
        }
        try (var dirs = Files.list(tasks)) {
            dirs.forEach(d -> {
                try {
                    String stat = Files.readString(d.resolve("stat"), StandardCharsets.US_ASCII);
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    String name = stat.substring(open + 1, close);
                    String[] f = stat.substring(close + 2).split(" ");
                    // after "(comm) ": state is field 3; utime and stime are fields 14 and 15
                    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    int tid = Integer.parseInt(d.getFileName().toString());
                    ticksByTask.merge(tid, new long[] {ticks}, (a, b) -> a[0] >= b[0] ? a : b);
                    nameByTask.put(tid, name);
                } catch (IOException | RuntimeException e) {
                    // the thread ended between list and read
                }
            });
        } catch (IOException e) {
            // not Linux enough: no breakdown
        }
    }

    private long allocSum() {
        long s = 0;
        for (long v : allocByThread.values()) {
            s += v;
        }
        return s;
    }

    private synchronized void report(String outFile, long cpuAtMain, long allocAtMain) {
        sample(true);
        Properties p = new Properties();
        p.setProperty("cpu.process.ns", Long.toString(processCpu()));
        p.setProperty("cpu.atMain.ns", Long.toString(cpuAtMain));
        p.setProperty("wall.ms", Long.toString(ManagementFactory.getRuntimeMXBean().getUptime()));
        p.setProperty("alloc.threads.bytes", Long.toString(allocSum()));
        p.setProperty("alloc.atMain.bytes", Long.toString(allocAtMain));
        p.setProperty("alloc.gc.bytes", Long.toString(gcFreed.get() + heapUsed() - heapAtStart));
        long gcCount = 0;
        long gcMs = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcCount += Math.max(0, gc.getCollectionCount());
            gcMs += Math.max(0, gc.getCollectionTime());
        }
        p.setProperty("gc.count", Long.toString(gcCount));
        p.setProperty("gc.ms", Long.toString(gcMs));
        Map<String, Long> allocByKind = new HashMap<>();
        allocByThread.forEach((id, bytes) -> allocByKind.merge(kind(nameByThread.getOrDefault(id, "?")), bytes, Long::sum));
        allocByKind.forEach((k, v) -> p.setProperty("alloc.thread." + k + ".bytes", Long.toString(v)));
        long tickNanos = 1_000_000_000L / 100; // USER_HZ is 100 on Linux
        Map<String, Long> cpuByKind = new HashMap<>();
        ticksByTask.forEach((tid, t) -> cpuByKind.merge(kind(nameByTask.get(tid)), t[0] * tickNanos, Long::sum));
        cpuByKind.forEach((k, v) -> p.setProperty("cpu.thread." + k + ".ns", Long.toString(v)));
        if (outFile == null) {
            p.list(System.err);
            return;
        }
        try (var w = Files.newBufferedWriter(Path.of(outFile), StandardCharsets.UTF_8)) {
            p.store(w, "Measured " + ProcessHandle.current().pid());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Which kind of thread a (Java or native, maybe truncated to 15 characters) name is. */
    static String kind(String name) {
        if (name == null) {
            return "other";
        }
        if (name.equals("main") || name.equals("java")) {
            return "main";
        }
        if (name.startsWith("kurier-") || name.startsWith("kafka-producer") || name.startsWith("kafka-consumer")
                || name.contains("network-thread") || name.contains("eventLoop") || name.contains("EventLoop")
                || name.startsWith("nioEventLoop") || name.startsWith("epoll") || name.startsWith("multiThreadIo")) {
            return "io";
        }
        if (name.startsWith("GC ") || name.startsWith("G1 ") || name.startsWith("VM Thread")
                || name.contains("Conc") || name.contains("Refine")) {
            return "gc";
        }
        if (name.startsWith("C1 ") || name.startsWith("C2 ") || name.contains("Compiler")) {
            return "jit";
        }
        return "other";
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long heapUsed() {
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP) {
                used += pool.getUsage().getUsed();
            }
        }
        return used;
    }

    private static long sum(Map<String, MemoryUsage> usage) {
        long s = 0;
        for (Map.Entry<String, MemoryUsage> e : usage.entrySet()) {
            // only heap pools: code cache and metaspace are not allocation
            if (isHeapPool(e.getKey())) {
                s += e.getValue().getUsed();
            }
        }
        return s;
    }

    private static boolean isHeapPool(String name) {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getName().equals(name)) {
                return pool.getType() == java.lang.management.MemoryType.HEAP;
            }
        }
        return false;
    }
}
