package dev.kurier.testkit.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import dev.kurier.testkit.KafkaTestkitException;
import dev.kurier.testkit.launcher.ControlProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One forked broker JVM: its process, the reader of its control channel (stdout), and the commands
 * sent to it (stdin). Stdin stays open for the life of the process; when this JVM dies the pipe
 * closes and the launcher shuts the broker down by itself.
 */
public final class BrokerProcess {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerProcess.class);
    private static final int TAIL_LINES = 40;

    private final int nodeId;
    private final Process process;
    private final NodeLayout layout;
    private final OutputStream stdin;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final Map<String, CompletableFuture<String>> pending = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong();
    private volatile List<String> failure;
    private volatile boolean channelClosed;

    /** Size of the broker log when this JVM started: what comes after it is this run's. */
    private final long logStart;

    private BrokerProcess(int nodeId, Process process, NodeLayout layout, long logStart) {
        this.nodeId = nodeId;
        this.logStart = logStart;
        this.process = process;
        this.layout = layout;
        this.stdin = process.getOutputStream();
        Thread reader = new Thread(this::readControlChannel, "kurier-broker-" + nodeId + "-control");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts the broker JVM with {@code command}; its stderr goes to the node's {@code stderr.log}. */
    public static BrokerProcess launch(int nodeId, List<String> command, NodeLayout layout) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(layout.directory().toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(layout.stderrLog().toFile()));
        builder.environment().remove("CLASSPATH");
        long logStart = layout.brokerLog().toFile().length();
        try {
            Process process = builder.start();
            LOG.debug("Node {}: started broker JVM pid {}", nodeId, process.pid());
            return new BrokerProcess(nodeId, process, layout, logStart);
        } catch (IOException e) {
            throw new KafkaTestkitException("Cannot start the broker JVM for node " + nodeId + ": " + e.getMessage(), e);
        }
    }

    /**
     * Waits until the launcher reports the broker ready; on failure or timeout the process is
     * killed and the exception carries the tail of the broker log.
     *
     * @param wait    how long to wait from now
     * @param timeout the configured startup timeout, for the message
     */
    public void awaitReady(Duration wait, Duration timeout) {
        try {
            ready.get(Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            kill();
            throw new BrokerStartException("Node " + nodeId + " was not ready within " + timeout.toMillis() + " ms"
                    + diagnostics(), false, null);
        } catch (ExecutionException e) {
            List<String> reported = failure;
            // Kafka halts the JVM itself on some bind failures (the controller's acceptor), before
            // the launcher can report: then this run's part of the broker log tells.
            String bindLine = reported != null ? null
                    : LogTail.firstLineSince(layout.brokerLog(), logStart, "java.net.BindException");
            boolean bind = reported != null ? ControlProtocol.KIND_BIND.equals(reported.get(0)) : bindLine != null;
            String exit;
            try {
                exit = process.waitFor(5, TimeUnit.SECONDS) ? "exit status " + process.exitValue() : "still running";
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                exit = "unknown exit status";
            }
            kill();
            // The bind failure is named in the message itself: the log tail may no longer show it.
            String reason = reported != null ? reported.get(1)
                    : "the broker JVM exited (" + exit + ")" + (bindLine != null ? " after: " + bindLine : "");
            throw new BrokerStartException("Node " + nodeId + " failed to start: " + reason + diagnostics(), bind, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
            throw new KafkaTestkitException("Interrupted while waiting for node " + nodeId + " to start", e);
        }
    }

    /**
     * Sends a command to the launcher and waits for its reply payload.
     *
     * @throws KafkaTestkitException with the launcher's message when the command failed
     */
    public String call(Duration timeout, String verb, String... args) {
        String id = Long.toString(nextId.incrementAndGet());
        CompletableFuture<String> reply = new CompletableFuture<>();
        pending.put(id, reply);
        if (channelClosed) {
            pending.remove(id);
            throw new KafkaTestkitException("Node " + nodeId + ": the broker JVM has exited");
        }
        String[] fields = new String[args.length + 2];
        fields[0] = id;
        fields[1] = verb;
        System.arraycopy(args, 0, fields, 2, args.length);
        byte[] line = (ControlProtocol.line(fields) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            synchronized (stdin) {
                stdin.write(line);
                stdin.flush();
            }
            return reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (IOException e) {
            throw new KafkaTestkitException("Node " + nodeId + " is not reachable (broker JVM gone?): " + e.getMessage(), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new KafkaTestkitException(cause.getMessage(), cause);
        } catch (TimeoutException e) {
            throw new KafkaTestkitException("Node " + nodeId + " did not answer " + verb + " within " + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaTestkitException("Interrupted while waiting for " + verb + " on node " + nodeId, e);
        } finally {
            pending.remove(id);
        }
    }

    /** Whether the broker JVM is alive. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** The process id of the broker JVM. */
    public long pid() {
        return process.pid();
    }

    /**
     * Stops the broker cleanly (SIGTERM: the launcher's shutdown hook runs Kafka's controlled
     * shutdown) and waits up to {@code grace}; kills it after that.
     */
    public void stop(Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Node {} did not stop within {} s; killing it", nodeId, grace.toSeconds());
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
    }

    /** Kills the broker JVM (SIGKILL: no shutdown of any kind) and waits for it to be gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                LOG.warn("Node {}: broker JVM pid {} did not die within 30 s of SIGKILL", nodeId, process.pid());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The tail of the broker log and of the JVM's stderr, for error messages. */
    public String diagnostics() {
        return System.lineSeparator() + "--- tail of " + layout.brokerLog() + " ---" + System.lineSeparator()
                + LogTail.of(layout.brokerLog(), TAIL_LINES) + System.lineSeparator()
                + "--- tail of " + layout.stderrLog() + " ---" + System.lineSeparator()
                + LogTail.of(layout.stderrLog(), TAIL_LINES / 2);
    }

    private void readControlChannel() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                handle(line);
            }
        } catch (IOException e) {
            LOG.debug("Node {}: control channel closed: {}", nodeId, e.toString());
        } finally {
            channelClosed = true;
            ready.completeExceptionally(new IllegalStateException("broker JVM exited"));
            KafkaTestkitException gone = new KafkaTestkitException("Node " + nodeId + ": broker JVM exited before answering");
            pending.values().forEach(reply -> reply.completeExceptionally(gone));
        }
    }

    private void handle(String line) {
        if (!line.startsWith(ControlProtocol.PREFIX + " ")) {
            LOG.debug("Node {}: {}", nodeId, line);
            return;
        }
        List<String> fields = ControlProtocol.fields(line.substring(ControlProtocol.PREFIX.length() + 1));
        if (fields.isEmpty()) {
            return;
        }
        switch (fields.get(0)) {
            case ControlProtocol.READY -> ready.complete(null);
            case ControlProtocol.FAILED -> {
                if (fields.size() >= 3) {
                    failure = List.of(fields.get(1), fields.get(2));
                }
                ready.completeExceptionally(new IllegalStateException("broker failed to start"));
            }
            case ControlProtocol.REPLY -> {
                if (fields.size() < 3) {
                    return;
                }
                CompletableFuture<String> reply = pending.get(fields.get(1));
                if (reply == null) {
                    return;
                }
                String payload = fields.size() > 3 ? fields.get(3) : "";
                if (ControlProtocol.OK.equals(fields.get(2))) {
                    reply.complete(payload);
                } else {
                    reply.completeExceptionally(new KafkaTestkitException(payload));
                }
            }
            default -> LOG.debug("Node {}: unknown status line {}", nodeId, line);
        }
    }
}
