package dev.kurier.testkit.security;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.kurier.testkit.KafkaCluster;
import dev.kurier.testkit.KafkaClusterBuilder;

/**
 * Secured client listeners for a test cluster, next to its PLAINTEXT one: {@value #SSL} (TLS), {@value #MTLS} (TLS
 * with a client certificate required), {@value #SASL_PLAINTEXT} and {@value #SASL_SSL}, the SASL ones offering PLAIN,
 * SCRAM-SHA-256, SCRAM-SHA-512 and OAUTHBEARER (Kafka's unsecured validator: development only). Users and passwords
 * are made fresh per cluster; {@link #clientProperties} gives the client keys for each listener and mechanism.
 *
 * <pre>{@code
 * TestCertificates certs = TestCertificates.create(dir);
 * KafkaClusterBuilder builder = KafkaCluster.builder();
 * SecureListeners secure = SecureListeners.configure(builder, certs);
 * try (KafkaCluster kafka = builder.start()) {
 *     Map<String, String> props = secure.clientProperties(kafka, SecureListeners.SASL_SSL, "SCRAM-SHA-512");
 * }
 * }</pre>
 */
public final class SecureListeners {

    /** TLS, no client certificate. */
    public static final String SSL = "SSL";
    /** TLS with a client certificate required. */
    public static final String MTLS = "MTLS";
    /** SASL over plaintext. */
    public static final String SASL_PLAINTEXT = "SASL_PLAIN";
    /** SASL over TLS. */
    public static final String SASL_SSL = "SASL_SSL";
    /** Every SASL mechanism the listeners offer. */
    public static final List<String> MECHANISMS = List.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512", "OAUTHBEARER");

    private static final SecureRandom RANDOM = new SecureRandom();

    private final TestCertificates certs;
    private final TestCertificates.Issued client;
    private final String user;
    private final String password;

    private SecureListeners(TestCertificates certs, TestCertificates.Issued client, String user, String password) {
        this.certs = certs;
        this.client = client;
        this.user = user;
        this.password = password;
    }

    /**
     * Adds the four listeners and their settings to {@code builder}: a broker certificate for {@code localhost} and
     * {@code 127.0.0.1} signed by {@code certs}' CA, a client certificate, and user {@code alice} with a random
     * password for PLAIN and both SCRAM mechanisms.
     */
    public static SecureListeners configure(KafkaClusterBuilder builder, TestCertificates certs) {
        TestCertificates.Issued broker = certs.issue("broker", List.of("localhost", "127.0.0.1"));
        TestCertificates.Issued client = certs.issue("client", List.of("localhost"));
        byte[] pw = new byte[12];
        RANDOM.nextBytes(pw);
        String user = "alice";
        String password = HexFormat.of().formatHex(pw);
        builder.listener(SSL, "SSL").listener(MTLS, "SSL").listener(SASL_PLAINTEXT, "SASL_PLAINTEXT")
                .listener(SASL_SSL, "SASL_SSL");
        builder.brokerProperty("ssl.keystore.type", "PKCS12")
                .brokerProperty("ssl.keystore.location", broker.keyStore("PKCS12").toString())
                .brokerProperty("ssl.keystore.password", certs.password())
                .brokerProperty("ssl.key.password", certs.password())
                .brokerProperty("ssl.truststore.type", "PKCS12")
                .brokerProperty("ssl.truststore.location", certs.trustStore("PKCS12").toString())
                .brokerProperty("ssl.truststore.password", certs.password())
                .brokerProperty("listener.name." + MTLS.toLowerCase(Locale.ROOT) + ".ssl.client.auth", "required")
                .brokerProperty("sasl.enabled.mechanisms", String.join(",", MECHANISMS));
        for (String listener : List.of(SASL_PLAINTEXT, SASL_SSL)) {
            String prefix = "listener.name." + listener.toLowerCase(Locale.ROOT) + ".";
            builder.brokerProperty(prefix + "sasl.enabled.mechanisms", String.join(",", MECHANISMS))
                    .brokerProperty(prefix + "plain.sasl.jaas.config",
                            "org.apache.kafka.common.security.plain.PlainLoginModule required user_" + user + "=\""
                                    + password + "\";")
                    .brokerProperty(prefix + "scram-sha-256.sasl.jaas.config",
                            "org.apache.kafka.common.security.scram.ScramLoginModule required;")
                    .brokerProperty(prefix + "scram-sha-512.sasl.jaas.config",
                            "org.apache.kafka.common.security.scram.ScramLoginModule required;")
                    .brokerProperty(prefix + "oauthbearer.sasl.jaas.config",
                            "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required "
                                    + "unsecuredLoginStringClaim_sub=\"broker\";");
        }
        builder.scramUser("SCRAM-SHA-256", user, password).scramUser("SCRAM-SHA-512", user, password);
        return new SecureListeners(certs, client, user, password);
    }

    /** The certificates. */
    public TestCertificates certificates() {
        return certs;
    }

    /** The client certificate (for mTLS). */
    public TestCertificates.Issued clientCertificate() {
        return client;
    }

    /** The SASL user (PLAIN, SCRAM). */
    public String user() {
        return user;
    }

    /** The SASL user's password. */
    public String password() {
        return password;
    }

    /**
     * Client properties (kafka-clients' keys, which Kurier takes too) for {@code listener} of {@code cluster}:
     * {@code bootstrap.servers}, {@code security.protocol}, a PKCS12 trust store, the client key store for
     * {@value #MTLS}, and for the SASL listeners {@code sasl.mechanism} and {@code sasl.jaas.config}.
     *
     * @param mechanism one of {@link #MECHANISMS}; ignored for the TLS-only listeners
     */
    public Map<String, String> clientProperties(KafkaCluster cluster, String listener, String mechanism) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("bootstrap.servers", cluster.bootstrapServers(listener));
        String protocol = switch (listener) {
            case SSL, MTLS -> "SSL";
            case SASL_PLAINTEXT -> "SASL_PLAINTEXT";
            case SASL_SSL -> "SASL_SSL";
            default -> throw new IllegalArgumentException("not a secure listener: " + listener);
        };
        p.put("security.protocol", protocol);
        if (protocol.endsWith("SSL")) {
            p.put("ssl.truststore.type", "PKCS12");
            p.put("ssl.truststore.location", certs.trustStore("PKCS12").toString());
            p.put("ssl.truststore.password", certs.password());
        }
        if (listener.equals(MTLS)) {
            p.put("ssl.keystore.type", "PKCS12");
            p.put("ssl.keystore.location", client.keyStore("PKCS12").toString());
            p.put("ssl.keystore.password", certs.password());
        }
        if (protocol.startsWith("SASL")) {
            p.put("sasl.mechanism", mechanism);
            p.put("sasl.jaas.config", jaas(mechanism));
        }
        return p;
    }

    /** The {@code sasl.jaas.config} a client uses for {@code mechanism}. */
    public String jaas(String mechanism) {
        return switch (mechanism) {
            case "PLAIN" -> "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user
                    + "\" password=\"" + password + "\";";
            case "SCRAM-SHA-256", "SCRAM-SHA-512" -> "org.apache.kafka.common.security.scram.ScramLoginModule required "
                    + "username=\"" + user + "\" password=\"" + password + "\";";
            case "OAUTHBEARER" -> "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required "
                    + "unsecuredLoginStringClaim_sub=\"" + user + "\";";
            default -> throw new IllegalArgumentException("not a mechanism the listeners offer: " + mechanism);
        };
    }

    /** Hides the password. */
    @Override
    public String toString() {
        return "SecureListeners[user=" + user + ", " + certs + "]";
    }
}
