package dev.kurier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the client config map comes from, strongest first: -b, -X, -F, the environment, the defaults. */
class ClientSettingsTest {

    private static Map<String, Object> settings(Map<String, String> env, String... args) {
        ParsedOptions options = new ParsedOptions();
        Kurier.parseCommandArgs(Arrays.asList(args), java.util.List.of(), options, Help.Topic.MAIN);
        return ClientSettings.from(options, env, Help.Topic.MAIN);
    }

    @Test
    void defaults() {
        assertThat(settings(Map.of())).containsEntry("bootstrap.servers", "localhost:9092")
                .containsEntry("client.id", "kurier-cli").hasSize(2);
    }

    @Test
    void environmentThenConfigThenDashB() {
        Map<String, String> env = Map.of(ClientSettings.BOOTSTRAP_ENV, "env-host:1");
        assertThat(settings(env)).containsEntry("bootstrap.servers", "env-host:1");
        assertThat(settings(Map.of(ClientSettings.BOOTSTRAP_ENV, "  "))).containsEntry("bootstrap.servers", "localhost:9092");
        assertThat(settings(env, "-X", "bootstrap.servers=x-host:2")).containsEntry("bootstrap.servers", "x-host:2");
        assertThat(settings(env, "-X", "bootstrap.servers=x-host:2", "-b", "b-host:3,b-host:4"))
                .containsEntry("bootstrap.servers", "b-host:3,b-host:4");
    }

    @Test
    void dashXWinsOverTheFileAndTheLastDashXWins(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "request.timeout.ms=1000\nclient.id=from-file\nlinger.ms=7\n");
        Map<String, Object> s = settings(Map.of(), "-F", file.toString(), "-X", "request.timeout.ms=2000",
                "-X", "request.timeout.ms=3000", "--config-property=acks=1");
        assertThat(s).containsEntry("request.timeout.ms", "3000").containsEntry("client.id", "from-file")
                .containsEntry("linger.ms", "7").containsEntry("acks", "1");
    }

    @Test
    void valueMayContainEqualsSigns() {
        assertThat(settings(Map.of(), "-X", "sasl.jaas.config=a=b")).containsEntry("sasl.jaas.config", "a=b");
    }
}
