package dev.kurier.client.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kurier.client.KurierClient;
import dev.kurier.client.admin.Admin;
import dev.kurier.client.admin.NewTopic;
import dev.kurier.client.config.ConfigException;
import dev.kurier.client.errors.SaslAuthenticationException;
import dev.kurier.client.producer.Producer;
import dev.kurier.client.producer.ProducerConfig;
import dev.kurier.client.producer.ProducerRecord;
import dev.kurier.client.serialization.Serdes;
import dev.kurier.testkit.KafkaCluster;
import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kerby.kerberos.kerb.server.SimpleKdcServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GSSAPI (Kerberos) against a broker whose listener authenticates with Kerberos, with an in-process KDC (Apache
 * Kerby, test scope): the client logs in from a key tab with the JAAS config kafka-clients takes, and produces; an
 * unknown principal and a missing service name are typed errors naming what is wrong.
 */
class GssapiIntegrationTest {

    private static final String REALM = "EXAMPLE.COM";
    private static final String LISTENER = "KERBEROS";

    @TempDir
    static Path dir;
    static SimpleKdcServer kdc;
    static KafkaCluster kafka;
    static File clientKeytab;

    @BeforeAll
    static void start() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path work = Files.createDirectories(dir.resolve("kdc"));
        kdc = new SimpleKdcServer();
        kdc.setWorkDir(work.toFile());
        kdc.setKdcRealm(REALM);
        kdc.setKdcHost("127.0.0.1");
        kdc.setAllowUdp(false);
        kdc.setKdcTcpPort(port);
        kdc.init();
        kdc.start();
        File brokerKeytab = dir.resolve("broker.keytab").toFile();
        clientKeytab = dir.resolve("client.keytab").toFile();
        kdc.createAndExportPrincipals(brokerKeytab, "kafka/127.0.0.1@" + REALM);
        kdc.createAndExportPrincipals(clientKeytab, "app@" + REALM);
        Path krb5 = dir.resolve("krb5.conf");
        Files.writeString(krb5, "[libdefaults]\n    default_realm = " + REALM + "\n    udp_preference_limit = 1\n"
                + "    dns_lookup_kdc = false\n    dns_lookup_realm = false\n    rdns = false\n"
                + "[realms]\n    " + REALM + " = {\n        kdc = 127.0.0.1:" + port + "\n    }\n");
        System.setProperty("java.security.krb5.conf", krb5.toString());
        String prefix = "listener.name." + LISTENER.toLowerCase(java.util.Locale.ROOT) + ".";
        kafka = KafkaCluster.builder().listener(LISTENER, "SASL_PLAINTEXT")
                .jvmOption("-Djava.security.krb5.conf=" + krb5)
                .brokerProperty("sasl.enabled.mechanisms", "GSSAPI")
                .brokerProperty(prefix + "sasl.enabled.mechanisms", "GSSAPI")
                .brokerProperty("sasl.kerberos.service.name", "kafka")
                .brokerProperty(prefix + "gssapi.sasl.jaas.config", "com.sun.security.auth.module.Krb5LoginModule "
                        + "required useKeyTab=true storeKey=true keyTab=\"" + brokerKeytab + "\" principal=\"kafka/127.0.0.1@"
                        + REALM + "\";")
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
        if (kdc != null) {
            kdc.stop();
        }
    }

    private static Map<String, Object> config(String principal, File keytab) {
        Map<String, Object> p = new HashMap<>();
        p.put("bootstrap.servers", kafka.bootstrapServers(LISTENER));
        p.put("security.protocol", "SASL_PLAINTEXT");
        p.put("sasl.mechanism", "GSSAPI");
        p.put("sasl.kerberos.service.name", "kafka");
        p.put("sasl.jaas.config", "com.sun.security.auth.module.Krb5LoginModule required useKeyTab=true "
                + "storeKey=true keyTab=\"" + keytab + "\" principal=\"" + principal + "\";");
        p.put("request.timeout.ms", "10000");
        return p;
    }

    @Test
    void aKeyTabLoginAuthenticatesAndProduces() throws Exception {
        try (KurierClient client = KurierClient.create(config("app@" + REALM, clientKeytab));
             Admin admin = client.admin();
             Producer<String, String> producer = client.producer(ProducerConfig.defaults(), Serdes.stringSerializer(),
                     Serdes.stringSerializer())) {
            admin.createTopics(List.of(NewTopic.of("kerberos-orders", 1, 1))).all().get(30, TimeUnit.SECONDS);
            assertThat(producer.send(ProducerRecord.of("kerberos-orders", "k", "v")).get(30, TimeUnit.SECONDS).offset())
                    .isZero();
        }
    }

    @Test
    void anUnknownPrincipalAndAMissingServiceNameAreNamed() {
        try (KurierClient client = KurierClient.create(config("nobody@" + REALM, clientKeytab));
             Admin admin = client.admin()) {
            assertThatThrownBy(() -> admin.listTopics().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause()
                    .isInstanceOf(SaslAuthenticationException.class).hasMessageContaining("nobody@" + REALM);
        }
        Map<String, Object> p = config("app@" + REALM, clientKeytab);
        p.remove("sasl.kerberos.service.name");
        assertThatThrownBy(() -> KurierClient.create(p)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("sasl.kerberos.service.name");
    }
}
