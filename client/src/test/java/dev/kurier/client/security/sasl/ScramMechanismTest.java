package dev.kurier.client.security.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kurier.client.config.Password;
import dev.kurier.client.errors.SaslAuthenticationException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** SCRAM against the test vectors of RFC 7677 (SHA-256), and the checks a client owes a broker. */
class ScramMechanismTest {

    private static final String CLIENT_NONCE = "rOprNGfwEbeRWgbNEkqO";
    private static final String SERVER_FIRST = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
            + "s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";

    private static SaslExchange exchange() {
        return ScramMechanism.of("SCRAM-SHA-256", "user", new Password("pencil"), () -> CLIENT_NONCE).start("broker");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void matchesTheRfc7677Exchange() {
        SaslExchange x = exchange();
        assertThat(new String(x.initialResponse(), StandardCharsets.UTF_8)).isEqualTo("n,,n=user,r=" + CLIENT_NONCE);
        assertThat(new String(x.evaluate(bytes(SERVER_FIRST)), StandardCharsets.UTF_8)).isEqualTo(
                "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                        + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
        assertThat(x.isComplete()).isFalse();
        assertThat(x.evaluate(bytes("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="))).isNull();
        assertThat(x.isComplete()).isTrue();
    }

    @Test
    void refusesABrokerWhoseSignatureDoesNotMatch() {
        SaslExchange x = exchange();
        x.initialResponse();
        x.evaluate(bytes(SERVER_FIRST));
        assertThatThrownBy(() -> x.evaluate(bytes("v=AAAATRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")))
                .isInstanceOf(SaslAuthenticationException.class).hasMessageContaining("signature does not match");
        assertThat(x.isComplete()).isFalse();
    }

    @Test
    void refusesANonceThatDoesNotExtendTheClientsAndTooFewIterations() {
        SaslExchange x = exchange();
        x.initialResponse();
        assertThatThrownBy(() -> x.evaluate(bytes("r=someoneElse,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096")))
                .isInstanceOf(SaslAuthenticationException.class).hasMessageContaining("nonce");
        SaslExchange y = exchange();
        y.initialResponse();
        assertThatThrownBy(() -> y.evaluate(bytes("r=" + CLIENT_NONCE + "x,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=1000")))
                .isInstanceOf(SaslAuthenticationException.class).hasMessageContaining("1000 iterations");
    }

    @Test
    void reportsTheBrokersErrorAndNeverThePassword() {
        SaslExchange x = exchange();
        x.initialResponse();
        x.evaluate(bytes(SERVER_FIRST));
        assertThatThrownBy(() -> x.evaluate(bytes("e=invalid-proof"))).isInstanceOf(SaslAuthenticationException.class)
                .hasMessageContaining("invalid-proof").hasMessageNotContaining("pencil");
        assertThat(ScramMechanism.of("SCRAM-SHA-512", "user", new Password("pencil")).toString()).doesNotContain("pencil");
    }

    @Test
    void escapesUserNames() {
        assertThat(ScramMechanism.saslName("a=b,c")).isEqualTo("a=3Db=2Cc");
    }
}
