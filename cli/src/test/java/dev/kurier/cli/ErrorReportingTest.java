package dev.kurier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Errors (exit 1): one line on stderr naming what was wrong; no broker needed. */
class ErrorReportingTest {

    /** A loopback port nothing listens on (bound and released). */
    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void assertOneLineError(Cli.Result r, String... fragments) {
        assertThat(r.exit()).as(r.toString()).isEqualTo(Kurier.EXIT_ERROR);
        assertThat(r.err()).startsWith("kurier: error: ").contains(fragments);
        assertThat(r.err().lines()).as(r.err()).hasSize(1);
    }

    @Test
    void unknownConfigKeyIsNamed() {
        Cli.Result r = Cli.runWithInput("v\n", "-b", "127.0.0.1:1", "-X", "linger.msx=5", "produce", "-t", "a");
        assertOneLineError(r, "linger.msx", "unknown config key", "did you mean 'linger.ms'");
    }

    @Test
    void badConfigValueIsNamed() {
        Cli.Result r = Cli.run("-b", "127.0.0.1:1", "-X", "fetch.min.bytes=lots", "consume", "-t", "a");
        assertOneLineError(r, "fetch.min.bytes");
    }

    @Test
    void badBootstrapAddressIsNamed() {
        assertOneLineError(Cli.run("-b", "no-port-here", "topics", "list"), "bootstrap.servers", "no-port-here");
    }

    @Test
    void unknownKeyInAConfigFileIsNamed(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "request.timeout.ms=1000\nreqest.timeout.ms=5\n");
        assertOneLineError(Cli.run("-F", file.toString(), "topics", "list"), "reqest.timeout.ms", "unknown config key");
    }

    @Test
    void missingConfigFileIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("nope.properties");
        assertOneLineError(Cli.run("-F", missing.toString(), "topics", "list"), missing.toString(), "does not exist");
    }

    @Test
    void unreachableBootstrapServerGivesOneLineNamingTheAddress() throws IOException {
        String address = "127.0.0.1:" + closedPort();
        long start = System.nanoTime();
        Cli.Result r = Cli.run("-b", address, "-X", "request.timeout.ms=1500", "topics", "list");
        assertOneLineError(r, address);
        assertThat(r.out()).isEmpty();
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(15_000);
    }

    @Test
    void produceToAnUnreachableBrokerFailsWithinTheRequestTimeout() throws IOException {
        String address = "127.0.0.1:" + closedPort();
        long start = System.nanoTime();
        Cli.Result r = Cli.runWithInput("a\nb\n", "-b", address, "-X", "request.timeout.ms=1500", "produce", "-t", "a");
        assertOneLineError(r, address);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(15_000);
    }

    @Test
    void unreachableBootstrapFromTheEnvironment() throws IOException {
        String address = "127.0.0.1:" + closedPort();
        Cli.Result r = Cli.runWith("", Map.of(ClientSettings.BOOTSTRAP_ENV, address),
                "-X", "request.timeout.ms=1500", "consume", "-t", "a");
        assertOneLineError(r, address);
    }

    @Test
    void verboseAddsTheStackTrace() throws IOException {
        String address = "127.0.0.1:" + closedPort();
        Cli.Result r = Cli.run("-v", "-b", address, "-X", "request.timeout.ms=1000", "topics", "describe", "-t", "a");
        assertThat(r.exit()).isEqualTo(Kurier.EXIT_ERROR);
        assertThat(r.err().lines().findFirst().orElseThrow()).startsWith("kurier: error: ").contains(address);
        assertThat(r.err()).contains("\tat dev.kurier.");
    }

    @Test
    void multiLineMessagesAreCutToTheirFirstLine() {
        RuntimeException e = new RuntimeException("broker failed to start\nlog line 1\nlog line 2");
        assertThat(ErrorReport.oneLine(e, false)).isEqualTo("broker failed to start (-v shows the details)");
        assertThat(ErrorReport.oneLine(new IllegalStateException(), false)).isEqualTo("IllegalStateException");
        assertThat(ErrorReport.oneLine(ErrorReport.unwrap(new java.util.concurrent.CompletionException(
                new IllegalStateException("closed"))), false)).isEqualTo("closed");
    }
}
