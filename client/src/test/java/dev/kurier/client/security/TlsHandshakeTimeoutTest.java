package dev.kurier.client.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.KurierClient;
import dev.kurier.client.errors.AuthenticationException;
import dev.kurier.client.network.BrokerUnavailableException;
import dev.kurier.client.network.Endpoint;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A broker that accepts the TCP connection but never answers the TLS handshake (overloaded, or a stuck proxy) is a
 * retriable network failure, not an authentication error: the client must try again rather than give up.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class TlsHandshakeTimeoutTest {

    @Test
    void aHandshakeThatNeverCompletesIsRetriable() throws Exception {
        List<Socket> accepted = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept()); // read nothing, answer nothing
                    }
                } catch (java.io.IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            try (KurierClient client = KurierClient.create(Map.of("bootstrap.servers", "127.0.0.1:" + silent.getLocalPort(),
                    "security.protocol", "SSL", "socket.connection.setup.timeout.ms", "300"))) {
                Throwable error;
                try {
                    client.network().connection(new Endpoint("127.0.0.1", silent.getLocalPort())).apiVersions().join();
                    throw new AssertionError("connected to a silent socket");
                } catch (CompletionException e) {
                    error = e.getCause();
                }
                assertThat(error).isNotInstanceOf(AuthenticationException.class)
                        .isInstanceOf(BrokerUnavailableException.class)
                        .hasMessageContaining("TLS handshake not done within 300 ms");
                assertThat(((BrokerUnavailableException) error).isRetriable()).isTrue();
            }
        } finally {
            for (Socket s : accepted) {
                s.close();
            }
        }
    }
}
