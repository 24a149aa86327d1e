package dev.kurier.spring.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.ClientConfig;
import dev.kurier.client.KurierClient;
import dev.kurier.spring.listener.ContainerSettings;
import dev.kurier.spring.listener.KurierListenerRegistry;
import dev.kurier.spring.listener.ListenerContainer;
import dev.kurier.spring.listener.ListenerEndpoint;
import dev.kurier.spring.listener.ListenerObserver;
import dev.kurier.spring.listener.LoggingErrorHandler;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class KurierHealthIndicatorTest {

    @Test
    void downWhenTheClusterDoesNotAnswer() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        try (KurierClient client = KurierClient.create(ClientConfig.builder().bootstrapServers("127.0.0.1:" + port)
                .requestTimeout(Duration.ofSeconds(2)).build())) {
            KurierListenerRegistry registry = new KurierListenerRegistry();
            registry.register(new ListenerContainer(ListenerEndpoint.of("never-started", "t"), (r, a) -> {
            }, new LoggingErrorHandler(), () -> {
                throw new AssertionError("not started");
            }, ContainerSettings.defaults(), ListenerObserver.NOOP));
            Health h = new KurierHealthIndicator(client, registry, Duration.ofSeconds(3), null).health();
            assertThat(h.getStatus()).isEqualTo(Status.DOWN);
            assertThat((String) h.getDetails().get("error")).isNotBlank();
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> listeners = (Map<String, Map<String, Object>>) h.getDetails().get("listeners");
            // a container never started is not a failure: only the cluster makes this DOWN
            assertThat(listeners.get("never-started")).containsEntry("state", "CREATED");
        }
    }
}
