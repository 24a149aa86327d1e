package dev.kurier.client.security.sasl;

import dev.kurier.client.config.Password;
import dev.kurier.client.errors.SaslAuthenticationException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * SCRAM-SHA-256 and SCRAM-SHA-512 (RFC 5802, RFC 7677) over JDK crypto. The client checks that the broker's nonce
 * extends its own, that the iteration count is at least 4096 (as Kafka requires), and that the broker's final
 * signature proves it knows the salted password: a broker that does not is refused.
 */
public final class ScramMechanism implements SaslMechanism {

    /** The fewest iterations accepted from a broker, as Kafka's own SCRAM implementation. */
    static final int MIN_ITERATIONS = 4096;

    private final String name;
    private final String hmac;
    private final String digest;
    private final String pbkdf2;
    private final String username;
    private final Password password;
    private final Supplier<String> nonces;

    private ScramMechanism(String name, String hmac, String digest, String pbkdf2, String username, Password password,
                           Supplier<String> nonces) {
        this.name = name;
        this.hmac = hmac;
        this.digest = digest;
        this.pbkdf2 = pbkdf2;
        this.username = Objects.requireNonNull(username, "username");
        this.password = Objects.requireNonNull(password, "password");
        this.nonces = nonces;
    }

    /** SCRAM-SHA-256 or SCRAM-SHA-512 with these credentials. */
    public static ScramMechanism of(String mechanism, String username, Password password) {
        return of(mechanism, username, password, ScramMechanism::randomNonce);
    }

    /** As {@link #of(String, String, Password)} with the client nonces given (for the RFC's test vectors). */
    static ScramMechanism of(String mechanism, String username, Password password, Supplier<String> nonces) {
        return switch (mechanism) {
            case "SCRAM-SHA-256" -> new ScramMechanism(mechanism, "HmacSHA256", "SHA-256", "PBKDF2WithHmacSHA256",
                    username, password, nonces);
            case "SCRAM-SHA-512" -> new ScramMechanism(mechanism, "HmacSHA512", "SHA-512", "PBKDF2WithHmacSHA512",
                    username, password, nonces);
            default -> throw new IllegalArgumentException("not a SCRAM mechanism: " + mechanism);
        };
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public SaslExchange start(String host) {
        return new Exchange(nonces.get());
    }

    private static String randomNonce() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return Base64.getEncoder().withoutPadding().encodeToString(b).replace('+', '-').replace('/', '_');
    }

    /** RFC 5802's saslname: '=' and ',' escaped. */
    static String saslName(String user) {
        return user.replace("=", "=3D").replace(",", "=2C");
    }

    @Override
    public String toString() {
        return name + "[user=" + username + "]";
    }

    private final class Exchange implements SaslExchange {
        private final String clientNonce;
        private String clientFirstBare;
        private byte[] expectedServerSignature;
        private boolean complete;

        Exchange(String clientNonce) {
            this.clientNonce = clientNonce;
        }

        @Override
        public byte[] initialResponse() {
            clientFirstBare = "n=" + saslName(username) + ",r=" + clientNonce;
            return ("n,," + clientFirstBare).getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public byte[] evaluate(byte[] challenge) {
            if (clientFirstBare == null) {
                throw new IllegalStateException("initialResponse() first");
            }
            return expectedServerSignature == null ? clientFinal(challenge) : verifyServerFinal(challenge);
        }

        private byte[] clientFinal(byte[] challenge) {
            String serverFirst = new String(challenge, StandardCharsets.UTF_8);
            Map<Character, String> attrs = attributes(serverFirst);
            String nonce = attrs.get('r');
            String salt = attrs.get('s');
            String iterations = attrs.get('i');
            if (attrs.containsKey('e')) {
                throw fail("the broker refused the first message: " + attrs.get('e'));
            }
            if (nonce == null || salt == null || iterations == null) {
                throw fail("the broker's first message lacks a nonce, salt or iteration count");
            }
            if (!nonce.startsWith(clientNonce) || nonce.length() == clientNonce.length()) {
                throw fail("the broker's nonce does not extend the client's");
            }
            int i;
            try {
                i = Integer.parseInt(iterations);
            } catch (NumberFormatException e) {
                throw fail("the broker's iteration count is not a number");
            }
            if (i < MIN_ITERATIONS) {
                throw fail("the broker asks for " + i + " iterations, fewer than the " + MIN_ITERATIONS + " required");
            }
            try {
                byte[] salted = hi(Base64.getDecoder().decode(salt), i);
                String clientFinalNoProof = "c=biws,r=" + nonce;
                String authMessage = clientFirstBare + "," + serverFirst + "," + clientFinalNoProof;
                byte[] clientKey = hmac(salted, "Client Key".getBytes(StandardCharsets.US_ASCII));
                byte[] storedKey = MessageDigest.getInstance(digest).digest(clientKey);
                byte[] clientSignature = hmac(storedKey, authMessage.getBytes(StandardCharsets.UTF_8));
                byte[] proof = new byte[clientKey.length];
                for (int k = 0; k < proof.length; k++) {
                    proof[k] = (byte) (clientKey[k] ^ clientSignature[k]);
                }
                byte[] serverKey = hmac(salted, "Server Key".getBytes(StandardCharsets.US_ASCII));
                expectedServerSignature = hmac(serverKey, authMessage.getBytes(StandardCharsets.UTF_8));
                return (clientFinalNoProof + ",p=" + Base64.getEncoder().encodeToString(proof))
                        .getBytes(StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw fail("the broker's salt is not base64");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK lacks " + name + "'s algorithms", e);
            }
        }

        private byte[] verifyServerFinal(byte[] challenge) {
            Map<Character, String> attrs = attributes(new String(challenge, StandardCharsets.UTF_8));
            if (attrs.containsKey('e')) {
                throw fail("the broker refused the credentials: " + attrs.get('e'));
            }
            String v = attrs.get('v');
            byte[] signature;
            try {
                signature = v == null ? null : Base64.getDecoder().decode(v);
            } catch (IllegalArgumentException e) {
                signature = null;
            }
            if (signature == null || !MessageDigest.isEqual(signature, expectedServerSignature)) {
                throw fail("the broker's final signature does not match: it does not know this user's password "
                        + "(a broker in the middle?)");
            }
            complete = true;
            return null;
        }

        @Override
        public boolean isComplete() {
            return complete;
        }

        private SaslAuthenticationException fail(String why) {
            return new SaslAuthenticationException(name + " for user " + username + ": " + why, null);
        }
    }

    private byte[] hi(byte[] salt, int iterations) throws GeneralSecurityException {
        int bits = MessageDigest.getInstance(digest).getDigestLength() * 8;
        PBEKeySpec spec = new PBEKeySpec(password.value().toCharArray(), salt, iterations, bits);
        try {
            return SecretKeyFactory.getInstance(pbkdf2).generateSecret(spec).getEncoded();
        } finally {
            spec.clearPassword();
        }
    }

    private byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance(hmac);
        mac.init(new SecretKeySpec(key, hmac));
        return mac.doFinal(data);
    }

    private static Map<Character, String> attributes(String message) {
        Map<Character, String> out = new HashMap<>();
        for (String part : message.split(",")) {
            if (part.length() >= 2 && part.charAt(1) == '=') {
                out.putIfAbsent(part.charAt(0), part.substring(2));
            }
        }
        return out;
    }
}
