package dev.kurier.client.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kurier.client.protocol.ApiKey;
import dev.kurier.client.protocol.message.ApiVersionsRequest;
import dev.kurier.client.protocol.message.ApiVersionsResponse;
import dev.kurier.client.testing.FakeBroker;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Fault handling of one broker connection, against a scripted broker: a real broker cannot be made to send
 * half a frame on demand. ApiVersions doubles as the probe request: any broker answers it at any time.
 */
class BrokerConnectionTest {

    private NetworkClient client;

    private NetworkClient client(Duration requestTimeout, int maxInFlight) {
        NetworkConfig d = NetworkConfig.defaults("test");
        client = new NetworkClient(new NetworkConfig("test", requestTimeout, Duration.ofSeconds(5), maxInFlight,
                Duration.ofMillis(10), Duration.ofMillis(100), 1024 * 1024, -1, -1, 1, d.clientSoftwareName(),
                d.clientSoftwareVersion()), NetworkListener.NOOP);
        return client;
    }

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
    }

    private static ApiVersionsRequest probe() {
        return new ApiVersionsRequest("kurier-test", "1.0");
    }

    private static FakeBroker.Script answerProbe() {
        return (n, header, body, socket, out) -> {
            ByteBuf resp = Unpooled.buffer();
            ApiVersionsResponse.builder().apiKeys(FakeBroker.allApis()).throttleTimeMs(n).build().write(resp, header.apiVersion());
            FakeBroker.respond(out, header.correlationId(), (short) 0, resp);
            resp.release();
        };
    }

    private static Throwable failure(CompletableFuture<?> f) {
        try {
            f.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError("future did not fail in time", e);
        }
        throw new AssertionError("future succeeded but a failure was expected");
    }

    @Test
    void negotiatesVersionsAndAnswersRequests() throws Exception {
        // The ApiVersions negotiation itself is not a scripted request; probes after it are.
        try (FakeBroker broker = new FakeBroker((n, h, b, s, o) -> { })) {
            broker.script(answerProbe());
            BrokerConnection c = client(Duration.ofSeconds(5), 5).connection(new Endpoint("127.0.0.1", broker.port()));
            ApiVersionsResponse r = c.send(probe()).get(10, TimeUnit.SECONDS);
            assertThat(r.errorCode()).isZero();
            assertThat(r.throttleTimeMs()).isZero();
            ApiVersionTable table = c.apiVersions().get(5, TimeUnit.SECONDS);
            assertThat(table.negotiate(ApiKey.FETCH)).isEqualTo(ApiKey.FETCH.maxVersion);
            assertThat(broker.connections()).isEqualTo(1);
        }
    }

    @Test
    void aThrottledResponseHoldsTheConnectionsNextRequestBackForTheTimeAsked() throws Exception {
        List<Long> arrivals = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (FakeBroker broker = new FakeBroker((n, h, b, s, o) -> { })) {
            broker.script((n, header, body, socket, out) -> {
                arrivals.add(System.nanoTime());
                ByteBuf resp = Unpooled.buffer();
                ApiVersionsResponse.builder().apiKeys(FakeBroker.allApis()).throttleTimeMs(n == 0 ? 600 : 0).build()
                        .write(resp, header.apiVersion());
                FakeBroker.respond(out, header.correlationId(), (short) 0, resp);
                resp.release();
            });
            NetworkClient net = client(Duration.ofSeconds(5), 5);
            BrokerConnection c = net.connection(new Endpoint("127.0.0.1", broker.port()));
            c.send(probe()).get(10, TimeUnit.SECONDS);
            long answered = System.nanoTime();
            c.send(probe()).get(10, TimeUnit.SECONDS);
            // KIP-219: the broker muted the connection for 600 ms; the client waits that out before it sends again
            assertThat(arrivals.get(1) - answered).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(500));
            assertThat(net.throttling().throttledResponses()).isEqualTo(1);
            assertThat(net.throttling().throttleMillis()).isEqualTo(600);
        }
    }

    @Test
    void everyAddressOfTheHostIsTriedAndTheNameResolvedAgainForEachConnection() throws Exception {
        try (FakeBroker broker = new FakeBroker((n, h, b, s, o) -> { })) {
            broker.script(answerProbe());
            java.util.concurrent.atomic.AtomicInteger lookups = new java.util.concurrent.atomic.AtomicInteger();
            // 127.0.0.2 is loopback too, but nothing listens there: refused, then the next address answers
            HostResolver twoAddresses = host -> {
                lookups.incrementAndGet();
                return List.of(java.net.InetAddress.getByName("127.0.0.2"), java.net.InetAddress.getByName("127.0.0.1"));
            };
            NetworkConfig d = NetworkConfig.defaults("test");
            client = new NetworkClient(new NetworkConfig("test", Duration.ofSeconds(5), Duration.ofSeconds(5), 5,
                    Duration.ofMillis(10), Duration.ofMillis(100), 1024 * 1024, -1, -1, 1, d.clientSoftwareName(),
                    d.clientSoftwareVersion()).withResolver(twoAddresses), NetworkListener.NOOP);
            BrokerConnection c = client.connection(new Endpoint("broker-1.kurier.test", broker.port()));
            assertThat(c.send(probe()).get(10, TimeUnit.SECONDS).errorCode()).isZero();
            assertThat(lookups).hasValue(1);
            broker.dropConnections();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !c.isReady());
            assertThat(c.send(probe()).get(10, TimeUnit.SECONDS).errorCode()).isZero();
            assertThat(lookups).as("resolved again for the new connection").hasValue(2);
        }
    }

    @Test
    void aHostThatDoesNotResolveFailsNamingIt() throws Exception {
        NetworkConfig d = NetworkConfig.defaults("test");
        client = new NetworkClient(new NetworkConfig("test", Duration.ofSeconds(2), Duration.ofSeconds(2), 5,
                Duration.ofMillis(10), Duration.ofMillis(100), 1024 * 1024, -1, -1, 1, d.clientSoftwareName(),
                d.clientSoftwareVersion()).withResolver(host -> {
                    throw new java.net.UnknownHostException(host + ": no such host");
                }), NetworkListener.NOOP);
        Throwable t = failure(client.connection(new Endpoint("nowhere.kurier.test", 9092)).send(probe()));
        assertThat(t).hasMessageContaining("nowhere.kurier.test").hasMessageContaining("resolve");
    }

    @Test
    void keepsAtMostMaxInFlightRequestsOnTheWire() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger seenBeforeRelease = new AtomicInteger();
        List<int[]> held = new ArrayList<>();
        try (FakeBroker broker = new FakeBroker((n, h, b, s, o) -> { })) {
            broker.script((n, header, body, socket, out) -> {
                // Answer nothing until two requests are on the wire, then answer everything in order.
                synchronized (held) {
                    held.add(new int[] {header.correlationId(), header.apiVersion()});
                    seenBeforeRelease.set(held.size());
                    if (held.size() < 2 && release.getCount() > 0) {
                        return;
                    }
                    release.countDown();
                    for (int[] h : held) {
                        ByteBuf resp = Unpooled.buffer();
                        ApiVersionsResponse.builder().apiKeys(FakeBroker.allApis()).build().write(resp, (short) h[1]);
                        FakeBroker.respond(out, h[0], (short) 0, resp);
                        resp.release();
                    }
                    held.clear();
                }
            });
            BrokerConnection c = client(Duration.ofSeconds(10), 2).connection(new Endpoint("127.0.0.1", broker.port()));
            List<CompletableFuture<ApiVersionsResponse>> fs = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                fs.add(c.send(probe()));
            }
            CompletableFuture.allOf(fs.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            assertThat(broker.requests()).isEqualTo(6);
            // The broker saw the second request only after holding the first: never more than 2 unanswered.
            assertThat(seenBeforeRelease.get()).isLessThanOrEqualTo(2);
        }
    }

    @Test
    void requestTimeoutFailsNamingTheBrokerAndReconnects() throws Exception {
        try (FakeBroker broker = new FakeBroker((n, h, b, s, o) -> { })) {
            // First probe: silence. Later probes: answered.
            broker.script((n, header, body, socket, out) -> {
                if (n > 0) {
                    answerProbe().reply(n, header, body, socket, out);
                }
            });
            Endpoint ep = new Endpoint("127.0.0.1", broker.port());
            BrokerConnection c = client(Duration.ofMillis(500), 5).connection(ep);
            Throwable t = failure(c.send(probe()));
            assertThat(t).isInstanceOf(RequestTimeoutException.class)
                    .hasMessageContaining(ep.toString()).hasMessageContaining("request.timeout.ms");
            assertThat(c.send(probe()).get(10, TimeUnit.SECONDS).errorCode()).isZero();
            assertThat(broker.connections()).isEqualTo(2);
        }
    }

    @Test
    void brokerClosingMidResponseFailsTheRequestAndTheNextOneReconnects() throws Exception {
        try (FakeBroker broker = new FakeBroker((n, h, b, s, o) -> { })) {
            broker.script((n, header, body, socket, out) -> {
                if (n == 0) {
                    out.write(new byte[] {0, 0, 0, 100, 0, 0}); // promises 100 bytes, sends 2, hangs up
                    out.flush();
                    socket.close();
                } else {
                    answerProbe().reply(n, header, body, socket, out);
                }
            });
            Endpoint ep = new Endpoint("127.0.0.1", broker.port());
            BrokerConnection c = client(Duration.ofSeconds(5), 5).connection(ep);
            Throwable t = failure(c.send(probe()));
            assertThat(t).isInstanceOf(BrokerUnavailableException.class)
                    .hasMessageContaining(ep.toString()).hasMessageContaining("closed by the broker");
            assertThat(c.send(probe()).get(10, TimeUnit.SECONDS).errorCode()).isZero();
            assertThat(broker.connections()).isEqualTo(2);
        }
    }

    @Test
    void oversizedLengthPrefixIsRejectedBeforeAllocation() throws Exception {
        try (FakeBroker broker = new FakeBroker((n, h, b, s, o) -> { })) {
            broker.script((n, header, body, socket, out) -> {
                out.write(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2, 3, 4});
                out.flush();
            });
            Endpoint ep = new Endpoint("127.0.0.1", broker.port());
            Throwable t = failure(client(Duration.ofSeconds(5), 5).connection(ep).send(probe()));
            assertThat(t).isInstanceOf(CorruptResponseException.class)
                    .hasMessageContaining(ep.toString()).hasMessageContaining("2147483647")
                    .hasMessageContaining("max.response.size");
        }
    }

    @Test
    void negativeLengthPrefixIsACorruptFrame() throws Exception {
        try (FakeBroker broker = new FakeBroker((n, h, b, s, o) -> { })) {
            broker.script((n, header, body, socket, out) -> {
                out.write(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xfe});
                out.flush();
            });
            Throwable t = failure(client(Duration.ofSeconds(5), 5)
                    .connection(new Endpoint("127.0.0.1", broker.port())).send(probe()));
            assertThat(t).isInstanceOf(CorruptResponseException.class).hasMessageContaining("frame length -2");
        }
    }

    @Test
    void truncatedBodyIsACorruptResponseAndTheConnectionIsReplaced() throws Exception {
        try (FakeBroker broker = new FakeBroker((n, h, b, s, o) -> { })) {
            broker.script((n, header, body, socket, out) -> {
                if (n == 0) {
                    ByteBuf resp = Unpooled.buffer();
                    resp.writeShort(0);
                    resp.writeByte(50); // claims 49 api entries, provides none
                    FakeBroker.respond(out, header.correlationId(), (short) 0, resp);
                    resp.release();
                } else {
                    answerProbe().reply(n, header, body, socket, out);
                }
            });
            Endpoint ep = new Endpoint("127.0.0.1", broker.port());
            BrokerConnection c = client(Duration.ofSeconds(5), 5).connection(ep);
            Throwable t = failure(c.send(probe()));
            assertThat(t).isInstanceOf(CorruptResponseException.class)
                    .hasMessageContaining(ep.toString()).hasMessageContaining("ApiVersions");
            assertThat(c.send(probe()).get(10, TimeUnit.SECONDS).errorCode()).isZero();
            assertThat(broker.connections()).isEqualTo(2);
        }
    }

    @Test
    void mismatchedCorrelationIdDropsTheConnection() throws Exception {
        try (FakeBroker broker = new FakeBroker((n, h, b, s, o) -> { })) {
            broker.script((n, header, body, socket, out) -> {
                ByteBuf resp = Unpooled.buffer();
                ApiVersionsResponse.builder().apiKeys(FakeBroker.allApis()).build().write(resp, header.apiVersion());
                FakeBroker.respond(out, header.correlationId() + 1000, (short) 0, resp);
                resp.release();
            });
            Throwable t = failure(client(Duration.ofSeconds(5), 5)
                    .connection(new Endpoint("127.0.0.1", broker.port())).send(probe()));
            assertThat(t).isInstanceOf(CorruptResponseException.class).hasMessageContaining("correlation id");
        }
    }

    @Test
    void unreachableBrokerFailsFastNamingTheAddress() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Endpoint ep = new Endpoint("127.0.0.1", port);
        Throwable t = failure(client(Duration.ofSeconds(30), 5).connection(ep).send(probe()));
        assertThat(t).isInstanceOf(BrokerUnavailableException.class).hasMessageContaining(ep.toString());
    }

    @Test
    void tooOldBrokerIsRefusedNamingTheApi() throws Exception {
        try (FakeBroker broker = new FakeBroker((n, h, b, s, o) -> { })) {
            List<ApiVersionsResponse.ApiVersion> old = new ArrayList<>(FakeBroker.allApis());
            old.replaceAll(v -> v.apiKey() == ApiKey.FETCH.id ? new ApiVersionsResponse.ApiVersion(v.apiKey(), (short) 0, (short) 11) : v);
            old.removeIf(v -> v.apiKey() == ApiKey.DESCRIBE_CONFIGS.id);
            broker.advertise(old);
            ApiVersionTable table = client(Duration.ofSeconds(5), 5)
                    .connection(new Endpoint("127.0.0.1", broker.port())).apiVersions().get(10, TimeUnit.SECONDS);
            assertThatThrownBy(() -> table.negotiate(ApiKey.FETCH)).isInstanceOf(UnsupportedApiException.class)
                    .hasMessageContaining("Fetch v0-11").hasMessageContaining("v12-18");
            assertThatThrownBy(() -> table.negotiate(ApiKey.DESCRIBE_CONFIGS)).isInstanceOf(UnsupportedApiException.class)
                    .hasMessageContaining("does not support DescribeConfigs");
            assertThat(table.supports(ApiKey.METADATA)).isTrue();
        }
    }

    @Test
    void closedConnectionRefusesNewRequests() throws IOException {
        try (FakeBroker broker = new FakeBroker(answerProbe())) {
            BrokerConnection c = client(Duration.ofSeconds(5), 5).connection(new Endpoint("127.0.0.1", broker.port()));
            c.close().join();
            assertThat(failure(c.send(probe()))).isInstanceOf(BrokerUnavailableException.class)
                    .hasMessageContaining("closed by the client");
        }
    }
}
