package dev.kurier.client.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kurier.client.ClientConfig;
import dev.kurier.client.KurierClient;
import dev.kurier.client.errors.KurierException;
import dev.kurier.client.protocol.ApiKey;
import dev.kurier.client.protocol.Request;
import dev.kurier.client.protocol.message.MetadataRequest;
import dev.kurier.client.protocol.message.MetadataResponse;
import dev.kurier.testkit.KafkaCluster;
import dev.kurier.testkit.junit.EmbeddedKafka;
import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An unexpected error while a response is read fails that request at once, with the cause, and leaves the
 * connection serving the next requests: nothing waits for the request timeout, which would then drop the socket.
 */
@EmbeddedKafka
class ResponseReadFailureTest {

    /** A Metadata request whose response reader fails as a bug would. */
    private static final class FailingRead implements Request<MetadataResponse> {
        private final MetadataRequest request = MetadataRequest.builder().topics(null).build();

        @Override
        public ApiKey apiKey() {
            return ApiKey.METADATA;
        }

        @Override
        public void write(ByteBuf out, short version) {
            request.write(out, version);
        }

        @Override
        public MetadataResponse readResponse(ByteBuf in, short version) {
            throw new IllegalStateException("bug in a response reader");
        }
    }

    @Test
    void theRequestFailsWithTheCauseAndTheConnectionCarriesOn(KafkaCluster kafka) throws Exception {
        try (KurierClient client = KurierClient.create(ClientConfig.builder().bootstrapServers(kafka.bootstrapServers())
                .requestTimeout(Duration.ofSeconds(30)).build())) {
            BrokerConnection c = client.network().connection(new Endpoint("127.0.0.1", kafka.nodes().get(0).port()));
            assertThatThrownBy(() -> c.send(new FailingRead()).get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(KurierException.class)
                    .hasMessageContaining("Metadata").hasMessageContaining("bug in a response reader");
            MetadataResponse next = c.send(MetadataRequest.builder().topics(null).build()).get(10, TimeUnit.SECONDS);
            assertThat(next.brokers()).isNotEmpty();
            assertThat(c.isReady()).as("the same connection serves on").isTrue();
        }
    }
}
