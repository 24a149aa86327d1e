package dev.kurier.spring;

import java.time.Duration;
import java.util.List;

/**
 * TLS settings under {@code kurier.ssl.*}: each maps to kafka-clients' {@code ssl.*} key of the same name, or
 * {@code bundle} names a Spring Boot SSL bundle ({@code spring.ssl.bundle.*}, JKS or PEM) to use instead of the
 * store settings. Used when {@code kurier.security.protocol} is SSL or SASL_SSL.
 */
public class KurierSslProperties {

    /** A Spring Boot SSL bundle (spring.ssl.bundle.jks.NAME or spring.ssl.bundle.pem.NAME) for keys and trust. */
    private String bundle;
    /** Trust store file (ssl.truststore.location); none for the JDK's default CAs. */
    private String truststoreLocation;
    /** Trust store password (ssl.truststore.password). */
    private String truststorePassword;
    /** Trust store type (ssl.truststore.type): JKS, PKCS12 or PEM. */
    private String truststoreType;
    /** CA certificates in PEM, inline (ssl.truststore.certificates). */
    private String truststoreCertificates;
    /** Key store file with the client certificate and key, for mTLS (ssl.keystore.location). */
    private String keystoreLocation;
    /** Key store password (ssl.keystore.password). */
    private String keystorePassword;
    /** Key store type (ssl.keystore.type): JKS, PKCS12 or PEM. */
    private String keystoreType;
    /** Client certificate chain in PEM, inline (ssl.keystore.certificate.chain). */
    private String keystoreCertificateChain;
    /** Client private key in PEM (PKCS#8), inline (ssl.keystore.key). */
    private String keystoreKey;
    /** Private key password (ssl.key.password). */
    private String keyPassword;
    /** https checks that broker certificates name the host; empty turns it off (ssl.endpoint.identification.algorithm). */
    private String endpointIdentificationAlgorithm;
    /** TLS versions the client accepts (ssl.enabled.protocols). */
    private List<String> enabledProtocols;
    /** How often store files are checked for changes; 0 turns reloading off (ssl.reload.check.interval.ms). */
    private Duration reloadCheckInterval;

    public String getBundle() {
        return bundle;
    }

    public void setBundle(String bundle) {
        this.bundle = bundle;
    }

    public String getTruststoreLocation() {
        return truststoreLocation;
    }

    public void setTruststoreLocation(String truststoreLocation) {
        this.truststoreLocation = truststoreLocation;
    }

    public String getTruststorePassword() {
        return truststorePassword;
    }

    public void setTruststorePassword(String truststorePassword) {
        this.truststorePassword = truststorePassword;
    }

    public String getTruststoreType() {
        return truststoreType;
    }

    public void setTruststoreType(String truststoreType) {
        this.truststoreType = truststoreType;
    }

    public String getTruststoreCertificates() {
        return truststoreCertificates;
    }

    public void setTruststoreCertificates(String truststoreCertificates) {
        this.truststoreCertificates = truststoreCertificates;
    }

    public String getKeystoreLocation() {
        return keystoreLocation;
    }

    public void setKeystoreLocation(String keystoreLocation) {
        this.keystoreLocation = keystoreLocation;
    }

    public String getKeystorePassword() {
        return keystorePassword;
    }

    public void setKeystorePassword(String keystorePassword) {
        this.keystorePassword = keystorePassword;
    }

    public String getKeystoreType() {
        return keystoreType;
    }

    public void setKeystoreType(String keystoreType) {
        this.keystoreType = keystoreType;
    }

    public String getKeystoreCertificateChain() {
        return keystoreCertificateChain;
    }

    public void setKeystoreCertificateChain(String keystoreCertificateChain) {
        this.keystoreCertificateChain = keystoreCertificateChain;
    }

    public String getKeystoreKey() {
        return keystoreKey;
    }

    public void setKeystoreKey(String keystoreKey) {
        this.keystoreKey = keystoreKey;
    }

    public String getKeyPassword() {
        return keyPassword;
    }

    public void setKeyPassword(String keyPassword) {
        this.keyPassword = keyPassword;
    }

    public String getEndpointIdentificationAlgorithm() {
        return endpointIdentificationAlgorithm;
    }

    public void setEndpointIdentificationAlgorithm(String endpointIdentificationAlgorithm) {
        this.endpointIdentificationAlgorithm = endpointIdentificationAlgorithm;
    }

    public List<String> getEnabledProtocols() {
        return enabledProtocols;
    }

    public void setEnabledProtocols(List<String> enabledProtocols) {
        this.enabledProtocols = enabledProtocols;
    }

    public Duration getReloadCheckInterval() {
        return reloadCheckInterval;
    }

    public void setReloadCheckInterval(Duration reloadCheckInterval) {
        this.reloadCheckInterval = reloadCheckInterval;
    }

    /** Locations and types only: passwords and keys never. */
    @Override
    public String toString() {
        return "Ssl{bundle=" + bundle + ", truststore=" + truststoreLocation + ", keystore=" + keystoreLocation + "}";
    }
}
