package dev.kurier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.testkit.KafkaCluster;
import dev.kurier.testkit.KafkaClusterBuilder;
import dev.kurier.testkit.security.SecureListeners;
import dev.kurier.testkit.security.TestCertificates;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code kurier -F client.properties} against secured listeners, as a user pastes their cloud console's file. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SecureEndToEndTest {

    @TempDir
    static Path dir;
    static SecureListeners secure;
    static KafkaCluster kafka;

    @BeforeAll
    static void start() {
        KafkaClusterBuilder builder = KafkaCluster.builder();
        secure = SecureListeners.configure(builder, TestCertificates.create(dir.resolve("certs")));
        kafka = builder.start();
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    private static Path file(String name, Map<String, String> props) throws Exception {
        Properties p = new Properties();
        p.putAll(props);
        Path f = dir.resolve(name);
        try (Writer w = Files.newBufferedWriter(f)) {
            p.store(w, null);
        }
        return f;
    }

    @Test
    void produceAndConsumeOverSaslSslAndMutualTls() throws Exception {
        kafka.createTopic("cli-secure", 1, 1);
        Path sasl = file("sasl.properties", secure.clientProperties(kafka, SecureListeners.SASL_SSL, "SCRAM-SHA-512"));
        Cli.Result produced = Cli.runWithInput("a\nb\nc\n", "-F", sasl.toString(), "produce", "-t", "cli-secure");
        assertThat(produced.exit()).as(produced.toString()).isZero();
        Path mtls = file("mtls.properties", secure.clientProperties(kafka, SecureListeners.MTLS, null));
        Cli.Result consumed = Cli.run("-F", mtls.toString(), "consume", "-t", "cli-secure", "-o", "beginning", "-c", "3");
        assertThat(consumed.exit()).as(consumed.toString()).isZero();
        assertThat(consumed.out()).isEqualTo("a\nb\nc\n");
    }

    @Test
    void aWrongPasswordExitsOneNamingTheBrokerWithoutTheSecretEvenVerbose() throws Exception {
        Map<String, String> props = secure.clientProperties(kafka, SecureListeners.SASL_SSL, "PLAIN");
        props.put("sasl.jaas.config", secure.jaas("PLAIN").replace(secure.password(), "wrong-" + secure.password()));
        Path bad = file("bad.properties", props);
        Cli.Result r = Cli.runWithInput("x\n", "-v", "-F", bad.toString(), "produce", "-t", "cli-secure-bad");
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("authentication").contains(kafka.bootstrapServers(SecureListeners.SASL_SSL))
                .doesNotContain(secure.password()).doesNotContain(secure.certificates().password());
        assertThat(r.out()).doesNotContain(secure.password());
    }
}
