package dev.kurier.client.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.kurier.client.KurierClient;
import dev.kurier.client.admin.Admin;
import dev.kurier.client.config.ConfigException;
import dev.kurier.client.errors.SaslAuthenticationException;
import dev.kurier.testkit.KafkaCluster;
import dev.kurier.testkit.KafkaClusterBuilder;
import dev.kurier.testkit.security.SecureListeners;
import dev.kurier.testkit.security.TestCertificates;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OAUTHBEARER with tokens from an OAuth 2 token endpoint's client-credentials grant (KIP-768), against a broker that
 * validates them: the client id and secret go as Basic credentials, the scope in the form, the token is cached until
 * shortly before it expires, a refused client is a typed error naming the endpoint and never the secret, and a
 * struggling endpoint (5xx) is retried.
 */
class OAuthClientCredentialsTest {

    /** The audience the identity provider's tokens carry and the broker expects. */
    private static final String AUDIENCE = "kurier-test-cluster";
    /** The issuer the tokens name and the broker expects. */
    private static final String ISSUER = "https://idp.kurier.test";

    private static final String SECRET = "s3cret-" + Long.toHexString(System.nanoTime());

    @TempDir
    static Path dir;
    static SecureListeners secure;
    static KafkaCluster kafka;
    static HttpServer idp;
    static final AtomicInteger tokensIssued = new AtomicInteger();
    static final AtomicInteger failNext = new AtomicInteger();
    static final List<String> forms = new CopyOnWriteArrayList<>();
    static volatile long lifetimeSeconds = 3600;

    /** The identity provider's signing key: tokens for the JWKS-validating listener are RS256-signed with it. */
    static java.security.KeyPair signing;
    static final String JWKS_LISTENER = "OAUTH_JWKS";

    @BeforeAll
    static void start() throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        signing = generator.generateKeyPair();
        idp = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        idp.createContext("/jwks", exchange -> {
            java.security.interfaces.RSAPublicKey key = (java.security.interfaces.RSAPublicKey) signing.getPublic();
            byte[] body = ("{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"k1\",\"use\":\"sig\",\"alg\":\"RS256\",\"n\":\""
                    + b64(unsigned(key.getModulus())) + "\",\"e\":\"" + b64(unsigned(key.getPublicExponent()))
                    + "\"}]}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        idp.createContext("/token", exchange -> {
            String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            forms.add(form);
            String expected = "Basic " + Base64.getEncoder().encodeToString(("app:" + SECRET)
                    .getBytes(StandardCharsets.UTF_8));
            int status;
            String body;
            if (failNext.getAndDecrement() > 0) {
                status = 503;
                body = "{\"error\":\"temporarily_unavailable\"}";
            } else if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                status = 401;
                body = "{\"error\":\"invalid_client\"}";
            } else {
                status = 200;
                tokensIssued.incrementAndGet();
                boolean signed = form.contains("scope=signed");
                body = "{\"access_token\":\"" + (signed ? signedJwt("app", lifetimeSeconds)
                        : unsignedJwt("app", lifetimeSeconds)) + "\",\"token_type\":\"Bearer\","
                        + "\"expires_in\":" + lifetimeSeconds + ",\"scope\":\"kafka\"}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        idp.start();
        String jwks = "http://127.0.0.1:" + idp.getAddress().getPort() + "/jwks";
        KafkaClusterBuilder builder = KafkaCluster.builder();
        secure = SecureListeners.configure(builder, TestCertificates.create(dir.resolve("certs")));
        String prefix = "listener.name." + JWKS_LISTENER.toLowerCase(java.util.Locale.ROOT) + ".";
        builder.listener(JWKS_LISTENER, "SASL_PLAINTEXT")
                .jvmOption("-Dorg.apache.kafka.sasl.oauthbearer.allowed.urls=" + jwks)
                .brokerProperty(prefix + "sasl.enabled.mechanisms", "OAUTHBEARER")
                .brokerProperty(prefix + "oauthbearer.sasl.jaas.config",
                        "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;")
                .brokerProperty(prefix + "oauthbearer.sasl.server.callback.handler.class",
                        "org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallbackHandler")
                .brokerProperty(prefix + "oauthbearer.sasl.oauthbearer.jwks.endpoint.url", jwks)
                .brokerProperty("sasl.oauthbearer.jwks.endpoint.url", jwks)
                // Kafka 4.4 refuses to validate tokens without an expected audience and issuer ("aud", "iss")
                .brokerProperty(prefix + "oauthbearer.sasl.oauthbearer.expected.audience", AUDIENCE)
                .brokerProperty("sasl.oauthbearer.expected.audience", AUDIENCE)
                .brokerProperty(prefix + "oauthbearer.sasl.oauthbearer.expected.issuer", ISSUER)
                .brokerProperty("sasl.oauthbearer.expected.issuer", ISSUER);
        kafka = builder.start();
    }

    private static byte[] unsigned(java.math.BigInteger n) {
        byte[] b = n.toByteArray();
        return b.length > 1 && b[0] == 0 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A JWT signed with the identity provider's key (RS256), as a production broker validates against the JWKS. */
    private static String signedJwt(String subject, long lifetime) {
        long now = Instant.now().getEpochSecond();
        String input = b64("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"k1\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64(("{\"sub\":\"" + subject + "\",\"iat\":" + now + ",\"exp\":" + (now + lifetime)
                + ",\"aud\":\"" + AUDIENCE + "\",\"iss\":\"" + ISSUER + "\",\"scope\":\"kafka\"}").getBytes(StandardCharsets.UTF_8));
        try {
            java.security.Signature rs256 = java.security.Signature.getInstance("SHA256withRSA");
            rs256.initSign(signing.getPrivate());
            rs256.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + b64(rs256.sign());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stop() {
        if (idp != null) {
            idp.stop(0);
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    /** What Kafka's unsecured validator (the broker here) accepts: a JWT with "alg":"none", sub and exp. */
    private static String unsignedJwt(String subject, long lifetime) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        long now = Instant.now().getEpochSecond();
        return b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(("{\"sub\":\"" + subject + "\",\"iat\":" + now + ",\"exp\":" + (now + lifetime)
                + ",\"scope\":\"kafka\"}").getBytes(StandardCharsets.UTF_8)) + ".";
    }

    private static Map<String, Object> config(String secret) {
        Map<String, Object> p = new HashMap<>(secure.clientProperties(kafka, SecureListeners.SASL_PLAINTEXT,
                "OAUTHBEARER"));
        p.put("sasl.oauthbearer.token.endpoint.url", "http://127.0.0.1:" + idp.getAddress().getPort() + "/token");
        p.put("sasl.jaas.config", "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required "
                + "clientId=\"app\" clientSecret=\"" + secret + "\" scope=\"kafka\";");
        p.put("sasl.login.retry.backoff.ms", "20");
        p.put("sasl.login.retry.backoff.max.ms", "2000");
        p.put("request.timeout.ms", "10000");
        return p;
    }

    @Test
    void tokensFromTheEndpointAuthenticateAndAreCachedUntilShortlyBeforeTheyExpire() throws Exception {
        int before = tokensIssued.get();
        failNext.set(2); // the endpoint struggles at first: 503, 503, then a token
        try (KurierClient client = KurierClient.create(config(SECRET)); Admin admin = client.admin()) {
            admin.describeCluster().get(30, TimeUnit.SECONDS);
            admin.listTopics().get(30, TimeUnit.SECONDS);
        }
        assertThat(tokensIssued.get() - before).as("one token for the client's connections").isEqualTo(1);
        assertThat(forms).anySatisfy(f -> assertThat(f).isEqualTo("grant_type=client_credentials&scope=kafka"));
    }

    @Test
    void signedTokensPassABrokerThatValidatesThemAgainstTheProvidersKeys() throws Exception {
        Map<String, Object> p = config(SECRET);
        p.put("bootstrap.servers", kafka.bootstrapServers(JWKS_LISTENER));
        p.put("sasl.jaas.config", "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required "
                + "clientId=\"app\" clientSecret=\"" + SECRET + "\" scope=\"signed\";");
        try (KurierClient client = KurierClient.create(p); Admin admin = client.admin()) {
            assertThat(admin.describeCluster().get(30, TimeUnit.SECONDS).brokers()).isNotEmpty();
        }
        // An unsigned token is refused by that listener: the broker really checks the signature.
        Map<String, Object> unsigned = config(SECRET);
        unsigned.put("bootstrap.servers", kafka.bootstrapServers(JWKS_LISTENER));
        try (KurierClient client = KurierClient.create(unsigned); Admin admin = client.admin()) {
            assertThatThrownBy(() -> admin.describeCluster().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void aRefusedClientIsATypedErrorThatNamesTheEndpointNotTheSecret() {
        String wrong = "wrong-" + SECRET;
        try (KurierClient client = KurierClient.create(config(wrong)); Admin admin = client.admin()) {
            assertThatThrownBy(() -> admin.listTopics().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause()
                    .isInstanceOf(SaslAuthenticationException.class)
                    .hasMessageContaining("/token").hasMessageContaining("401").hasMessageContaining("invalid_client")
                    .hasMessageNotContaining(wrong);
        }
    }

    @Test
    void missingClientCredentialsAreAConfigErrorNamingTheKeys() {
        Map<String, Object> p = config(SECRET);
        p.put("sasl.jaas.config", "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;");
        assertThatThrownBy(() -> KurierClient.create(p)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("sasl.oauthbearer.client.credentials.client.id");
        p.put("sasl.oauthbearer.token.endpoint.url", "ftp://idp/token");
        assertThatThrownBy(() -> KurierClient.create(p)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("not an http(s) URL");
    }
}
