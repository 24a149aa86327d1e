package dev.kurier.client.security.sasl;

import dev.kurier.client.errors.SaslAuthenticationException;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslException;

/**
 * GSSAPI (Kerberos) through the JDK: a login with the JAAS config's {@code Krb5LoginModule} options (a key tab or the
 * ticket cache), then the JDK's GSSAPI {@link SaslClient} for {@code SERVICE/broker-host}, run as the logged-in
 * subject. The login happens once, at the first connection, and again when a connection finds the tickets expired.
 */
public final class GssapiMechanism implements SaslMechanism {

    private final String serviceName;
    private final Map<String, String> loginOptions;
    private Subject subject;

    /**
     * @param serviceName the Kerberos principal name the brokers run as ({@code sasl.kerberos.service.name})
     * @param loginOptions the Krb5LoginModule options of {@code sasl.jaas.config} (keyTab, principal, useKeyTab, ...)
     */
    public GssapiMechanism(String serviceName, Map<String, String> loginOptions) {
        this.serviceName = serviceName;
        this.loginOptions = Map.copyOf(loginOptions);
    }

    @Override
    public String name() {
        return "GSSAPI";
    }

    private synchronized Subject subject() {
        if (subject == null) {
            Configuration config = new Configuration() {
                @Override
                public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                    return new AppConfigurationEntry[] {new AppConfigurationEntry(
                            "com.sun.security.auth.module.Krb5LoginModule",
                            AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, loginOptions)};
                }
            };
            try {
                LoginContext login = new LoginContext("KafkaClient", new Subject(), callbacks -> { }, config);
                login.login();
                subject = login.getSubject();
            } catch (LoginException e) {
                throw new SaslAuthenticationException("Kerberos login as " + loginOptions.getOrDefault("principal",
                        "(principal from the ticket cache)") + " failed: " + e.getMessage()
                        + ": check the key tab, the principal and java.security.krb5.conf", e);
            }
        }
        return subject;
    }

    @Override
    public SaslExchange start(String host) {
        Subject s = subject();
        SaslClient client = as(s, () -> Sasl.createSaslClient(new String[] {"GSSAPI"}, null, serviceName, host,
                Map.of(Sasl.QOP, "auth"), callbacks -> { }), "starting GSSAPI for " + serviceName + "/" + host);
        return new SaslExchange() {
            @Override
            public byte[] initialResponse() {
                return client.hasInitialResponse()
                        ? as(s, () -> client.evaluateChallenge(new byte[0]), "GSSAPI with " + host) : new byte[0];
            }

            @Override
            public byte[] evaluate(byte[] challenge) {
                if (client.isComplete()) {
                    return null;
                }
                byte[] answer = as(s, () -> client.evaluateChallenge(challenge), "GSSAPI with " + host);
                return answer;
            }

            @Override
            public boolean isComplete() {
                return client.isComplete();
            }
        };
    }

    private synchronized void relogin() {
        subject = null;
    }

    @SuppressWarnings("removal") // Subject.doAs: the way to act as a subject on Java 17
    private <T> T as(Subject s, PrivilegedExceptionAction<T> action, String what) {
        try {
            return Subject.doAs(s, action);
        } catch (PrivilegedActionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SaslException && String.valueOf(cause.getMessage()).contains("expired")) {
                relogin(); // the next connection logs in again
            }
            throw new SaslAuthenticationException(what + " failed: " + cause.getMessage(), cause);
        }
    }

    @Override
    public String toString() {
        return "GSSAPI(" + serviceName + ")";
    }
}
