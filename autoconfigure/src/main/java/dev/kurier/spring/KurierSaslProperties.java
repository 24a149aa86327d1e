package dev.kurier.spring;

/**
 * SASL settings under {@code kurier.sasl.*}, used when {@code kurier.security.protocol} is SASL_PLAINTEXT or
 * SASL_SSL: either {@code jaas-config} in Kafka's JAAS syntax (as copied from a cloud console) or
 * {@code username} and {@code password}.
 */
public class KurierSaslProperties {

    /** SASL mechanism (sasl.mechanism): PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 or OAUTHBEARER. */
    private String mechanism;
    /** User name for PLAIN and SCRAM (sasl.username). */
    private String username;
    /** Password for PLAIN and SCRAM (sasl.password). */
    private String password;
    /** Login module and options in Kafka's JAAS syntax (sasl.jaas.config). */
    private String jaasConfig;
    /** OAUTHBEARER settings. */
    private final Oauthbearer oauthbearer = new Oauthbearer();

    public String getMechanism() {
        return mechanism;
    }

    public void setMechanism(String mechanism) {
        this.mechanism = mechanism;
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public String getJaasConfig() {
        return jaasConfig;
    }

    public void setJaasConfig(String jaasConfig) {
        this.jaasConfig = jaasConfig;
    }

    public Oauthbearer getOauthbearer() {
        return oauthbearer;
    }

    /** Where OAUTHBEARER tokens come from. */
    public static class Oauthbearer {

        /** A fixed bearer token (sasl.oauthbearer.token). */
        private String token;
        /** A TokenProvider class name (sasl.oauthbearer.token.provider.class). */
        private String tokenProviderClass;

        public String getToken() {
            return token;
        }

        public void setToken(String token) {
            this.token = token;
        }

        public String getTokenProviderClass() {
            return tokenProviderClass;
        }

        public void setTokenProviderClass(String tokenProviderClass) {
            this.tokenProviderClass = tokenProviderClass;
        }
    }

    /** The mechanism and user only. */
    @Override
    public String toString() {
        return "Sasl{mechanism=" + mechanism + ", username=" + username + "}";
    }
}
