package dev.kurier.client.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import dev.kurier.client.ClientConfig;
import dev.kurier.client.KurierClient;
import dev.kurier.client.admin.Admin;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.config.ConfigException;
import dev.kurier.client.consumer.Consumer;
import dev.kurier.client.consumer.ConsumerConfig;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.client.errors.SaslAuthenticationException;
import dev.kurier.client.errors.SslAuthenticationException;
import dev.kurier.client.errors.SslAuthenticationException.Reason;
import dev.kurier.client.network.Endpoint;
import dev.kurier.client.network.NetworkListener;
import dev.kurier.client.producer.Producer;
import dev.kurier.client.producer.ProducerConfig;
import dev.kurier.client.producer.ProducerRecord;
import dev.kurier.client.producer.RecordMetadata;
import dev.kurier.client.serialization.Serdes;
import dev.kurier.client.testing.Eventually;
import dev.kurier.testkit.KafkaCluster;
import dev.kurier.testkit.KafkaClusterBuilder;
import dev.kurier.testkit.security.SecureListeners;
import dev.kurier.testkit.security.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * Kurier over TLS, mTLS and SASL against a real broker: every protocol and mechanism round trips, each failure gives
 * its typed error, certificates reload from disk, SASL sessions re-authenticate without dropping the connection,
 * kafka-clients and Kurier read each other's records, and no secret reaches a log line.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecurityIntegrationTest {

    private static final String EXPIRED = "EXPIRED";
    private static final String WRONG_HOST = "WRONGHOST";
    private static final String REAUTH = "REAUTH";

    @TempDir
    static Path dir;
    static TestCertificates certs;
    static SecureListeners secure;
    static KafkaCluster kafka;
    static ListAppender<ILoggingEvent> logs;
    static final AtomicInteger topics = new AtomicInteger();

    @BeforeAll
    static void start() {
        logs = new ListAppender<>();
        logs.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(logs);
        ((Logger) LoggerFactory.getLogger("dev.kurier")).setLevel(Level.TRACE);

        certs = TestCertificates.create(dir.resolve("certs"));
        KafkaClusterBuilder builder = KafkaCluster.builder();
        secure = SecureListeners.configure(builder, certs);
        Instant now = Instant.now();
        TestCertificates.Issued expired = certs.issue("expired", List.of("localhost", "127.0.0.1"),
                now.minus(Duration.ofDays(10)), now.minus(Duration.ofDays(1)));
        TestCertificates.Issued wrongHost = certs.issue("wronghost", List.of("kafka.other.example"));
        builder.listener(EXPIRED, "SSL").listener(WRONG_HOST, "SSL").listener(REAUTH, "SASL_PLAINTEXT");
        builder.brokerProperty("listener.name.expired.ssl.keystore.location", expired.keyStore("PKCS12").toString())
                .brokerProperty("listener.name.expired.ssl.keystore.password", certs.password())
                .brokerProperty("listener.name.expired.ssl.key.password", certs.password())
                .brokerProperty("listener.name.expired.ssl.keystore.type", "PKCS12")
                .brokerProperty("listener.name.wronghost.ssl.keystore.location", wrongHost.keyStore("PKCS12").toString())
                .brokerProperty("listener.name.wronghost.ssl.keystore.password", certs.password())
                .brokerProperty("listener.name.wronghost.ssl.key.password", certs.password())
                .brokerProperty("listener.name.wronghost.ssl.keystore.type", "PKCS12")
                .brokerProperty("listener.name.reauth.sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-256")
                .brokerProperty("listener.name.reauth.plain.sasl.jaas.config",
                        "org.apache.kafka.common.security.plain.PlainLoginModule required user_" + secure.user() + "=\""
                                + secure.password() + "\";")
                .brokerProperty("listener.name.reauth.scram-sha-256.sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required;")
                .brokerProperty("listener.name.reauth.plain.connections.max.reauth.ms", "1500")
                .brokerProperty("listener.name.reauth.scram-sha-256.connections.max.reauth.ms", "1500");
        kafka = builder.start();
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        ((Logger) LoggerFactory.getLogger("dev.kurier")).setLevel(Level.DEBUG);
    }

    static Stream<Arguments> protocolsAndMechanisms() {
        List<Arguments> out = new ArrayList<>();
        out.add(Arguments.of(SecureListeners.SSL, "none"));
        for (String listener : List.of(SecureListeners.SASL_PLAINTEXT, SecureListeners.SASL_SSL)) {
            for (String mechanism : SecureListeners.MECHANISMS) {
                out.add(Arguments.of(listener, mechanism));
            }
        }
        return out.stream();
    }

    @Order(1)
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("protocolsAndMechanisms")
    void recordsRoundTrip(String listener, String mechanism) {
        roundTrip(secure.clientProperties(kafka, listener, mechanism), 50);
    }

    static Stream<Arguments> keyStores() {
        return Stream.of(Arguments.of("PKCS12"), Arguments.of("JKS"), Arguments.of("PEM"), Arguments.of("PEM-inline"),
                Arguments.of("PEM-inline-encrypted"));
    }

    @Order(2)
    @ParameterizedTest(name = "mTLS with a {0} key store")
    @MethodSource("keyStores")
    void mutualTlsWithEveryStoreType(String type) {
        Map<String, String> p = secure.clientProperties(kafka, SecureListeners.MTLS, null);
        TestCertificates.Issued client = secure.clientCertificate();
        p.remove("ssl.keystore.location");
        p.remove("ssl.keystore.password");
        switch (type) {
            case "PKCS12", "JKS" -> {
                p.put("ssl.keystore.type", type);
                p.put("ssl.keystore.location", client.keyStore(type).toString());
                p.put("ssl.keystore.password", certs.password());
                p.put("ssl.truststore.type", type);
                p.put("ssl.truststore.location", certs.trustStore(type).toString());
            }
            case "PEM" -> {
                p.put("ssl.keystore.type", "PEM");
                p.put("ssl.keystore.location", client.keyStore("PEM").toString());
                p.put("ssl.key.password", certs.password());
                p.remove("ssl.truststore.password");
                p.put("ssl.truststore.type", "PEM");
                p.put("ssl.truststore.location", certs.caPem().toString());
            }
            case "PEM-inline" -> {
                p.remove("ssl.keystore.type");
                p.put("ssl.keystore.certificate.chain", client.chainPem());
                p.put("ssl.keystore.key", client.keyPem());
                p.remove("ssl.truststore.type");
                p.remove("ssl.truststore.location");
                p.remove("ssl.truststore.password");
                p.put("ssl.truststore.certificates", certs.caPemText());
            }
            default -> {
                p.put("ssl.keystore.type", "PEM");
                p.put("ssl.keystore.certificate.chain", client.chainPem());
                p.put("ssl.keystore.key", client.encryptedKeyPem());
                p.put("ssl.key.password", certs.password());
            }
        }
        roundTrip(p, 20);
    }

    @Order(3)
    @Test
    void groupsAndAdminWorkOverSaslSsl() throws Exception {
        Map<String, String> p = secure.clientProperties(kafka, SecureListeners.SASL_SSL, "SCRAM-SHA-512");
        String topic = "secure-group-" + topics.incrementAndGet();
        try (KurierClient client = KurierClient.create(p)) {
            Admin admin = client.admin();
            admin.createTopics(List.of(new dev.kurier.client.admin.NewTopic(topic, 2, (short) 1, Map.of()))).all().get(30, TimeUnit.SECONDS);
            assertThat(admin.listTopics().get(30, TimeUnit.SECONDS)).contains(topic);
            try (Producer<String, String> producer = client.producer(ProducerConfig.defaults(), Serdes.stringSerializer(),
                    Serdes.stringSerializer());
                 Consumer<String, String> consumer = client.consumer(ConsumerConfig.builder().groupId("secure-group")
                         .autoOffsetReset("earliest").build(), Serdes.stringDeserializer(), Serdes.stringDeserializer())) {
                for (int i = 0; i < 40; i++) {
                    producer.send(ProducerRecord.of(topic, "k" + i, "v" + i));
                }
                producer.flush();
                consumer.subscribe(List.of(topic));
                List<ConsumerRecord<String, String>> got = readAll(consumer, 40);
                assertThat(got).hasSize(40);
                consumer.commitSync();
            }
        }
    }

    @Order(4)
    @Test
    void kafkaClientsAndKurierReadEachOthersRecordsOverSaslSsl() {
        Map<String, String> p = secure.clientProperties(kafka, SecureListeners.SASL_SSL, "SCRAM-SHA-256");
        String topic = "secure-interop-" + topics.incrementAndGet();
        kafka.createTopic(topic, 1, 1);
        Properties kp = new Properties();
        kp.putAll(p);
        kp.put("key.serializer", StringSerializer.class.getName());
        kp.put("value.serializer", StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(kp)) {
            for (int i = 0; i < 20; i++) {
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, "k" + i, "from-kafka-clients-" + i));
            }
            producer.flush();
        }
        try (KurierClient client = KurierClient.create(p);
             Producer<String, String> producer = client.producer(ProducerConfig.defaults(), Serdes.stringSerializer(),
                     Serdes.stringSerializer());
             Consumer<String, String> consumer = client.consumer(ConsumerConfig.builder().autoOffsetReset("earliest")
                     .build(), Serdes.stringDeserializer(), Serdes.stringDeserializer())) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            List<ConsumerRecord<String, String>> got = readAll(consumer, 20);
            assertThat(got).extracting(ConsumerRecord::value).allMatch(v -> v.startsWith("from-kafka-clients-"));
            for (int i = 0; i < 20; i++) {
                producer.send(ProducerRecord.of(topic, "k" + i, "from-kurier-" + i));
            }
            producer.flush();
        }
        Properties kc = new Properties();
        kc.putAll(p);
        kc.put("key.deserializer", StringDeserializer.class.getName());
        kc.put("value.deserializer", StringDeserializer.class.getName());
        kc.put("auto.offset.reset", "earliest");
        try (org.apache.kafka.clients.consumer.KafkaConsumer<String, String> consumer =
                     new org.apache.kafka.clients.consumer.KafkaConsumer<>(kc)) {
            consumer.assign(List.of(new org.apache.kafka.common.TopicPartition(topic, 0)));
            List<String> values = new ArrayList<>();
            Eventually.repeat(Duration.ofSeconds(30), "40 records", () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
                return values.size() >= 40;
            });
            assertThat(values).hasSize(40);
            assertThat(values.subList(20, 40)).allMatch(v -> v.startsWith("from-kurier-"));
        }
    }

    @Order(5)
    @Test
    void wrongPasswordFailsSendAndPollWithTheBrokerAndMechanism() {
        for (String mechanism : List.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512")) {
            Map<String, String> p = secure.clientProperties(kafka, SecureListeners.SASL_SSL, mechanism);
            p.put("sasl.jaas.config", secure.jaas(mechanism).replace(secure.password(), "not-the-password"));
            long start = System.nanoTime();
            Throwable error = sendError(p);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            assertThat(error).isInstanceOf(SaslAuthenticationException.class)
                    .hasMessageContaining(kafka.bootstrapServers(SecureListeners.SASL_SSL))
                    .hasMessageContaining(mechanism);
            try (KurierClient client = KurierClient.create(p);
                 Consumer<String, String> consumer = client.consumer(ConsumerConfig.builder().groupId("bad-" + mechanism)
                         .build(), Serdes.stringDeserializer(), Serdes.stringDeserializer())) {
                consumer.subscribe(List.of("secure-any"));
                assertThatThrownBy(() -> {
                    for (int i = 0; i < 100; i++) {
                        consumer.poll(Duration.ofMillis(200));
                    }
                }).isInstanceOf(SaslAuthenticationException.class);
            }
        }
    }

    @Order(6)
    @Test
    void unknownUserAndUnofferedMechanismAreNamed() {
        Map<String, String> p = secure.clientProperties(kafka, SecureListeners.SASL_PLAINTEXT, "SCRAM-SHA-256");
        p.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"mallory\" "
                + "password=\"whatever\";");
        assertThat(sendError(p)).isInstanceOf(SaslAuthenticationException.class).hasMessageContaining("SCRAM-SHA-256");

        Map<String, String> q = secure.clientProperties(kafka, SecureListeners.SASL_PLAINTEXT, "SCRAM-SHA-512");
        q.put("bootstrap.servers", kafka.bootstrapServers(REAUTH));
        assertThat(sendError(q)).isInstanceOf(SaslAuthenticationException.class)
                .hasMessageContaining("does not offer SASL mechanism SCRAM-SHA-512")
                .hasMessageContaining("PLAIN").hasMessageContaining("SCRAM-SHA-256");
    }

    @Order(7)
    @Test
    void eachTlsHandshakeFailureSaysWhatHappened() {
        TestCertificates otherCa = TestCertificates.create(dir.resolve("other-ca"));
        Map<String, String> unknownCa = secure.clientProperties(kafka, SecureListeners.SSL, null);
        unknownCa.put("ssl.truststore.location", otherCa.trustStore("PKCS12").toString());
        unknownCa.put("ssl.truststore.password", otherCa.password());
        assertTls(unknownCa, Reason.UNKNOWN_CA, "ssl.truststore");

        Map<String, String> expired = secure.clientProperties(kafka, SecureListeners.SSL, null);
        expired.put("bootstrap.servers", kafka.bootstrapServers(EXPIRED));
        assertTls(expired, Reason.EXPIRED_CERTIFICATE, "expired");

        Map<String, String> wrongHost = secure.clientProperties(kafka, SecureListeners.SSL, null);
        wrongHost.put("bootstrap.servers", kafka.bootstrapServers(WRONG_HOST));
        assertTls(wrongHost, Reason.HOSTNAME_MISMATCH, "127.0.0.1");

        Map<String, String> noClientCert = secure.clientProperties(kafka, SecureListeners.MTLS, null);
        noClientCert.remove("ssl.keystore.location");
        noClientCert.remove("ssl.keystore.password");
        noClientCert.remove("ssl.keystore.type");
        assertTls(noClientCert, Reason.CLIENT_CERTIFICATE_REJECTED, "ssl.keystore");

        Map<String, String> oldTls = secure.clientProperties(kafka, SecureListeners.SSL, null);
        oldTls.put("ssl.enabled.protocols", "TLSv1.2");
        oldTls.put("ssl.cipher.suites", "TLS_RSA_WITH_AES_128_CBC_SHA256");
        assertTls(oldTls, Reason.PROTOCOL_MISMATCH, "ssl.enabled.protocols");

        Map<String, String> tlsToPlaintextPort = secure.clientProperties(kafka, SecureListeners.SSL, null);
        tlsToPlaintextPort.put("bootstrap.servers", kafka.bootstrapServers());
        assertTls(tlsToPlaintextPort, Reason.NOT_TLS, "plaintext");

        Map<String, String> plaintextToTlsPort = Map.of("bootstrap.servers", kafka.bootstrapServers(SecureListeners.SSL));
        assertTls(plaintextToTlsPort, Reason.EXPECTS_TLS, "security.protocol");
    }

    @Order(8)
    @Test
    void hostnameVerificationCanBeTurnedOffWithAWarning() {
        Map<String, String> p = secure.clientProperties(kafka, SecureListeners.SSL, null);
        p.put("bootstrap.servers", kafka.bootstrapServers(WRONG_HOST));
        p.put("ssl.endpoint.identification.algorithm", "");
        // Metadata answered on a listener names that listener's endpoints, so the round trip stays on it.
        roundTrip(p, 5);
        assertThat(logs.list).anyMatch(e -> e.getLevel() == Level.WARN
                && e.getFormattedMessage().contains("ssl.endpoint.identification.algorithm is empty"));
    }

    @Order(9)
    @Test
    void aRotatedTrustStoreIsUsedWithoutARestart() throws Exception {
        TestCertificates otherCa = TestCertificates.create(dir.resolve("rotate-ca"));
        Path trust = dir.resolve("rotating-ca.pem");
        Files.copy(otherCa.caPem(), trust, StandardCopyOption.REPLACE_EXISTING);
        Map<String, String> p = secure.clientProperties(kafka, SecureListeners.SSL, null);
        p.remove("ssl.truststore.password");
        p.put("ssl.truststore.type", "PEM");
        p.put("ssl.truststore.location", trust.toString());
        p.put("ssl.reload.check.interval.ms", "100");
        String topic = "secure-rotate-" + topics.incrementAndGet();
        kafka.createTopic(topic, 1, 1);
        try (KurierClient client = KurierClient.create(p);
             Producer<String, String> producer = client.producer(ProducerConfig.defaults(), Serdes.stringSerializer(),
                     Serdes.stringSerializer())) {
            assertThatThrownBy(() -> producer.send(ProducerRecord.of(topic, "k", "before")).get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(SslAuthenticationException.class);
            // The new trust store lands as a whole (staged, then moved), as a certificate manager writes it.
            Path staged = dir.resolve("staged-ca.pem");
            Files.copy(certs.caPem(), staged, StandardCopyOption.REPLACE_EXISTING);
            Files.move(staged, trust, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Eventually.repeat(Duration.ofSeconds(30), "a record sent with the rotated trust store", () -> {
                try {
                    return producer.send(ProducerRecord.of(topic, "k", "after")).get(30, TimeUnit.SECONDS) != null;
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(SslAuthenticationException.class);
                    return false;
                }
            });
        }
        assertThat(countLogs("TLS key or trust store changed on disk; new connections use")).isPositive();
    }

    @Order(10)
    @Test
    void aRotatedClientKeyStoreIsPickedUpWhileProducingWithoutALostRecord() throws Exception {
        // The client's certificate and key in one PEM file (mTLS listener), rotated while a producer is busy: its
        // open connections carry on, a producer created after the rotation connects with the new certificate.
        Path keyStore = dir.resolve("rotating-client.pem");
        TestCertificates.Issued first = certs.issue("client-rotation-1", List.of("localhost"));
        Files.writeString(keyStore, first.keyPem() + first.chainPem());
        Map<String, String> p = secure.clientProperties(kafka, SecureListeners.MTLS, null);
        p.put("ssl.keystore.type", "PEM");
        p.put("ssl.keystore.location", keyStore.toString());
        p.remove("ssl.keystore.password");
        p.put("ssl.reload.check.interval.ms", "1"); // every new connection looks at the file
        String topic = "secure-key-rotate-" + topics.incrementAndGet();
        kafka.createTopic(topic, 1, 1);
        int reloadsBefore = countLogs("TLS key or trust store changed on disk; new connections use");
        List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>();
        try (KurierClient client = KurierClient.create(p);
             Producer<String, String> busy = client.producer(ProducerConfig.defaults(), Serdes.stringSerializer(),
                     Serdes.stringSerializer())) {
            for (int i = 0; i < 500; i++) {
                sent.add(busy.send(ProducerRecord.of(topic, "busy", "busy-" + i)));
            }
            busy.flush();
            TestCertificates.Issued second = certs.issue("client-rotation-2", List.of("localhost"));
            Path staged = dir.resolve("rotating-client.staged");
            Files.writeString(staged, second.keyPem() + second.chainPem());
            Files.move(staged, keyStore, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            try (Producer<String, String> fresh = client.producer(ProducerConfig.defaults(), Serdes.stringSerializer(),
                    Serdes.stringSerializer())) {
                for (int i = 500; i < 1000; i++) {
                    sent.add(busy.send(ProducerRecord.of(topic, "busy", "busy-" + i)));
                    sent.add(fresh.send(ProducerRecord.of(topic, "fresh", "fresh-" + i)));
                }
                fresh.flush();
            }
            busy.flush();
            for (CompletableFuture<RecordMetadata> f : sent) {
                assertThat(f.get(30, TimeUnit.SECONDS)).isNotNull();
            }
        }
        assertThat(countLogs("TLS key or trust store changed on disk; new connections use")).isGreaterThan(reloadsBefore);
        try (KurierClient client = KurierClient.create(p);
             Consumer<String, String> consumer = client.consumer(ConsumerConfig.builder().autoOffsetReset("earliest")
                     .build(), Serdes.stringDeserializer(), Serdes.stringDeserializer())) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            List<ConsumerRecord<String, String>> got = readAll(consumer, 1500);
            assertThat(got).as("every record once").hasSize(1500);
            List<String> busyValues = got.stream().filter(r -> r.key().equals("busy")).map(ConsumerRecord::value).toList();
            for (int i = 0; i < busyValues.size(); i++) {
                assertThat(busyValues.get(i)).as("the busy producer's records in order").isEqualTo("busy-" + i);
            }
        }
    }

    @Order(10)
    @Test
    void sessionsReauthenticateOnTheLiveConnection() throws Exception {
        for (String mechanism : List.of("PLAIN", "SCRAM-SHA-256")) {
            Map<String, String> p = secure.clientProperties(kafka, SecureListeners.SASL_PLAINTEXT, mechanism);
            p.put("bootstrap.servers", kafka.bootstrapServers(REAUTH));
            String topic = "secure-reauth-" + topics.incrementAndGet();
            kafka.createTopic(topic, 2, 1);
            AtomicInteger connects = new AtomicInteger();
            AtomicInteger drops = new AtomicInteger();
            NetworkListener counter = new NetworkListener() {
                @Override
                public void connected(Endpoint broker) {
                    connects.incrementAndGet();
                }

                @Override
                public void disconnected(Endpoint broker) {
                    drops.incrementAndGet();
                }
            };
            int reauthsBefore = countLogs("re-authenticated with");
            List<CompletableFuture<RecordMetadata>> acks = new ArrayList<>();
            try (KurierClient client = KurierClient.create(ClientConfig.from(p), counter);
                 Producer<String, String> producer = client.producer(ProducerConfig.defaults(), Serdes.stringSerializer(),
                         Serdes.stringSerializer())) {
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                int i = 0;
                while (System.nanoTime() < end) {
                    acks.add(producer.send(ProducerRecord.of(topic, "k" + i, "v" + i)));
                    i++;
                    if (i % 50 == 0) {
                        producer.flush();
                    }
                }
                producer.flush();
                for (CompletableFuture<RecordMetadata> f : acks) {
                    assertThat(f.get(30, TimeUnit.SECONDS).offset()).isGreaterThanOrEqualTo(0);
                }
                assertThat(drops.get()).as("connections dropped").isZero();
            }
            assertThat(countLogs("re-authenticated with") - reauthsBefore).as("re-authentications").isGreaterThanOrEqualTo(2);
        }
    }

    @Order(11)
    @Test
    void configErrorsNameTheKeyNotTheSecret() {
        Map<String, String> p = secure.clientProperties(kafka, SecureListeners.SSL, null);
        p.put("ssl.truststore.password", "wrong-" + secure.password());
        assertThatThrownBy(() -> KurierClient.create(p).close()).isInstanceOf(ConfigException.class)
                .hasMessageContaining("ssl.truststore.password").hasMessageNotContaining(secure.password());
        Map<String, String> q = secure.clientProperties(kafka, SecureListeners.SASL_SSL, "PLAIN");
        q.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"alice\" "
                + "password=\"" + secure.password() + "\"");
        assertThatThrownBy(() -> ClientConfig.from(q)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("sasl.jaas.config").hasMessageNotContaining(secure.password());
        assertThat(ClientConfig.from(secure.clientProperties(kafka, SecureListeners.SASL_SSL, "PLAIN")).toString())
                .doesNotContain(secure.password()).doesNotContain(certs.password());
    }

    @Order(100)
    @Test
    void noSecretInAnyLogLine() {
        List<String> secrets = List.of(secure.password(), certs.password(),
                secure.clientCertificate().keyPem().lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow());
        assertThat(logs.list).isNotEmpty();
        for (ILoggingEvent e : logs.list) {
            StringBuilder text = new StringBuilder(e.getFormattedMessage());
            for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
                text.append(' ').append(t.getMessage());
            }
            for (String secret : secrets) {
                assertThat(text.toString()).as("log line of %s", e.getLoggerName()).doesNotContain(secret);
            }
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private static void roundTrip(Map<String, String> props, int n) {
        String topic = "secure-" + topics.incrementAndGet();
        kafka.createTopic(topic, 2, 1);
        try (KurierClient client = KurierClient.create(props);
             Producer<String, String> producer = client.producer(ProducerConfig.defaults(), Serdes.stringSerializer(),
                     Serdes.stringSerializer());
             Consumer<String, String> consumer = client.consumer(ConsumerConfig.builder().autoOffsetReset("earliest")
                     .build(), Serdes.stringDeserializer(), Serdes.stringDeserializer())) {
            List<CompletableFuture<RecordMetadata>> acks = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                acks.add(producer.send(ProducerRecord.of(topic, "k" + i, "v" + i)));
            }
            producer.flush();
            acks.forEach(a -> assertThat(a.join().offset()).isGreaterThanOrEqualTo(0));
            consumer.assign(List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1)));
            List<ConsumerRecord<String, String>> got = readAll(consumer, n);
            assertThat(got).hasSize(n);
            Map<String, String> byKey = new HashMap<>();
            got.forEach(r -> byKey.put(r.key(), r.value()));
            for (int i = 0; i < n; i++) {
                assertThat(byKey).containsEntry("k" + i, "v" + i);
            }
        }
    }

    private static <K, V> List<ConsumerRecord<K, V>> readAll(Consumer<K, V> consumer, int expected) {
        List<ConsumerRecord<K, V>> out = new ArrayList<>();
        Eventually.repeat(Duration.ofSeconds(30), expected + " records", () -> {
            consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            return out.size() >= expected;
        });
        return out;
    }

    private static Throwable sendError(Map<String, String> props) {
        Map<String, String> p = new HashMap<>(props);
        p.put("request.timeout.ms", "10000");
        try (KurierClient client = KurierClient.create(p);
             Producer<String, String> producer = client.producer(ProducerConfig.defaults(), Serdes.stringSerializer(),
                     Serdes.stringSerializer())) {
            producer.send(ProducerRecord.of("secure-any", "k", "v")).get(30, TimeUnit.SECONDS);
            throw new AssertionError("send succeeded");
        } catch (ExecutionException | CompletionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void assertTls(Map<String, String> props, Reason reason, String hint) {
        Throwable error = sendError(props);
        assertThat(error).isInstanceOf(SslAuthenticationException.class).hasMessageContaining(hint);
        assertThat(((SslAuthenticationException) error).reason()).isEqualTo(reason);
    }

    private static int countLogs(String text) {
        return (int) logs.list.stream().filter(e -> e.getFormattedMessage().contains(text)).count();
    }
}
