package dev.kurier.testkit.security;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * A throwaway certificate authority and certificates it signs, written as files in every format Kafka takes: PKCS12,
 * JKS and PEM (a key plain or encrypted). Made fresh per call with a random store password, so tests need no files
 * in the repository and no secret is shared between runs. For tests only: the keys are small-lived and unprotected.
 */
public final class TestCertificates {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path directory;
    private final String password;
    private final KeyPair caKeys;
    private final X509Certificate ca;

    private TestCertificates(Path directory, String password, KeyPair caKeys, X509Certificate ca) {
        this.directory = directory;
        this.password = password;
        this.caKeys = caKeys;
        this.ca = ca;
    }

    /** A new CA, its certificate written to {@code directory} as {@code ca.pem}, {@code ca.p12} and {@code ca.jks}. */
    public static TestCertificates create(Path directory) {
        try {
            Files.createDirectories(directory);
            byte[] pw = new byte[12];
            RANDOM.nextBytes(pw);
            String password = HexFormat.of().formatHex(pw);
            KeyPair keys = newKeys();
            Instant now = Instant.now();
            X509Certificate ca = sign(new X500Name("CN=Kurier Test CA"), keys, new X500Name("CN=Kurier Test CA"),
                    keys.getPublic(), now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(30)), true, List.of());
            TestCertificates certs = new TestCertificates(directory, password, keys, ca);
            certs.writePem(directory.resolve("ca.pem"), List.of(ca), null, null);
            certs.writeTrustStore(directory.resolve("ca.p12"), "PKCS12");
            certs.writeTrustStore(directory.resolve("ca.jks"), "JKS");
            return certs;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write test certificates to " + directory, e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("Cannot create a test CA", e);
        }
    }

    /** The directory the files are in. */
    public Path directory() {
        return directory;
    }

    /** The password of every store and encrypted key written here (random per CA). */
    public String password() {
        return password;
    }

    /** The CA certificate in PEM. */
    public Path caPem() {
        return directory.resolve("ca.pem");
    }

    /** A trust store holding the CA, of type {@code PKCS12}, {@code JKS} or {@code PEM}. */
    public Path trustStore(String type) {
        return switch (type.toUpperCase(java.util.Locale.ROOT)) {
            case "PKCS12" -> directory.resolve("ca.p12");
            case "JKS" -> directory.resolve("ca.jks");
            case "PEM" -> caPem();
            default -> throw new IllegalArgumentException("store type must be PKCS12, JKS or PEM: " + type);
        };
    }

    /** The CA certificate in PEM, as text (for {@code ssl.truststore.certificates}). */
    public String caPemText() {
        return read(caPem());
    }

    /**
     * Issues a certificate valid now for 30 days.
     *
     * @param name     file name stem and common name, e.g. {@code broker}
     * @param sanHosts host names and IP addresses it names (subject alternative names)
     */
    public Issued issue(String name, List<String> sanHosts) {
        Instant now = Instant.now();
        return issue(name, sanHosts, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(30)));
    }

    /** Issues a certificate valid from {@code notBefore} to {@code notAfter} (in the past for an expired one). */
    public Issued issue(String name, List<String> sanHosts, Instant notBefore, Instant notAfter) {
        try {
            KeyPair keys = newKeys();
            List<GeneralName> names = new ArrayList<>();
            for (String host : sanHosts) {
                names.add(new GeneralName(host.matches("[0-9.]+|.*:.*") ? GeneralName.iPAddress : GeneralName.dNSName, host));
            }
            X509Certificate cert = sign(new X500Name("CN=Kurier Test CA"), caKeys, new X500Name("CN=" + name),
                    keys.getPublic(), notBefore, notAfter, false, names);
            Issued issued = new Issued(name, keys.getPrivate(), cert);
            KeyStore p12 = KeyStore.getInstance("PKCS12");
            p12.load(null, null);
            p12.setKeyEntry(name, keys.getPrivate(), password.toCharArray(), new Certificate[] {cert, ca});
            store(p12, directory.resolve(name + ".p12"));
            KeyStore jks = KeyStore.getInstance("JKS");
            jks.load(null, null);
            jks.setKeyEntry(name, keys.getPrivate(), password.toCharArray(), new Certificate[] {cert, ca});
            store(jks, directory.resolve(name + ".jks"));
            writePem(directory.resolve(name + "-chain.pem"), List.of(cert, ca), null, null);
            writePem(directory.resolve(name + "-key.pem"), List.of(), keys.getPrivate(), null);
            writePem(directory.resolve(name + "-key-encrypted.pem"), List.of(), keys.getPrivate(), password);
            // One file with key and chain, as kafka-clients reads ssl.keystore.type=PEM from a location.
            writePem(directory.resolve(name + ".pem"), List.of(cert, ca), keys.getPrivate(), password);
            return issued;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write certificate files for " + name, e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("Cannot issue a test certificate for " + name, e);
        }
    }

    /** A certificate this CA issued, and where its files are. */
    public final class Issued {
        private final String name;
        private final PrivateKey key;
        private final X509Certificate certificate;

        private Issued(String name, PrivateKey key, X509Certificate certificate) {
            this.name = name;
            this.key = key;
            this.certificate = certificate;
        }

        /** The certificate. */
        public X509Certificate certificate() {
            return certificate;
        }

        /** A key store with the key and chain, of type {@code PKCS12}, {@code JKS} or {@code PEM} (encrypted key). */
        public Path keyStore(String type) {
            return switch (type.toUpperCase(java.util.Locale.ROOT)) {
                case "PKCS12" -> directory.resolve(name + ".p12");
                case "JKS" -> directory.resolve(name + ".jks");
                case "PEM" -> directory.resolve(name + ".pem");
                default -> throw new IllegalArgumentException("store type must be PKCS12, JKS or PEM: " + type);
            };
        }

        /** The certificate chain (certificate, then CA) in PEM, as text. */
        public String chainPem() {
            return read(directory.resolve(name + "-chain.pem"));
        }

        /** The private key in unencrypted PKCS#8 PEM, as text. */
        public String keyPem() {
            return read(directory.resolve(name + "-key.pem"));
        }

        /** The private key in PKCS#8 PEM encrypted with {@link #password()}, as text. */
        public String encryptedKeyPem() {
            return read(directory.resolve(name + "-key-encrypted.pem"));
        }

        /** Hides the key. */
        @Override
        public String toString() {
            return "Issued[" + name + ", " + certificate.getSubjectX500Principal() + "]";
        }
    }

    private void writeTrustStore(Path file, String type) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(type);
        store.load(null, null);
        store.setCertificateEntry("ca", ca);
        store(store, file);
    }

    private void store(KeyStore store, Path file) throws IOException, GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        }
    }

    private void writePem(Path file, List<X509Certificate> certs, PrivateKey key, String keyPassword)
            throws IOException, OperatorCreationException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
             JcaPEMWriter pem = new JcaPEMWriter(w)) {
            if (key != null) {
                if (keyPassword == null) {
                    pem.writeObject(new JcaPKCS8Generator(key, null));
                } else {
                    var encryptor = new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.PBE_SHA1_3DES)
                            .setRandom(RANDOM).setPassword(keyPassword.toCharArray()).build();
                    PemObject obj = new JcaPKCS8Generator(key, encryptor).generate();
                    pem.writeObject(obj);
                }
            }
            for (X509Certificate c : certs) {
                pem.writeObject(c);
            }
        }
    }

    private static KeyPair newKeys() throws GeneralSecurityException {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(256, RANDOM);
        return gen.generateKeyPair();
    }

    private static X509Certificate sign(X500Name issuer, KeyPair issuerKeys, X500Name subject,
                                        java.security.PublicKey subjectKey, Instant notBefore, Instant notAfter,
                                        boolean isCa, List<GeneralName> sans)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, RANDOM),
                Date.from(notBefore), Date.from(notAfter), subject, subjectKey);
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
        if (isCa) {
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } else {
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
        }
        if (!sans.isEmpty()) {
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(GeneralName[]::new)));
        }
        ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(b.build(signer));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    /** Names the directory only. */
    @Override
    public String toString() {
        return "TestCertificates[" + directory + "]";
    }
}
