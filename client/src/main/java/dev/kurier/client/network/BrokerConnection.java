package dev.kurier.client.network;

import dev.kurier.client.protocol.ApiKey;
import dev.kurier.client.protocol.DeferredRecordSets;
import dev.kurier.client.protocol.Errors;
import dev.kurier.client.protocol.ProtocolException;
import dev.kurier.client.protocol.Request;
import dev.kurier.client.protocol.RequestHeader;
import dev.kurier.client.protocol.Response;
import dev.kurier.client.protocol.ResponseHeader;
import dev.kurier.client.errors.AuthenticationException;
import dev.kurier.client.errors.KurierException;
import dev.kurier.client.errors.SaslAuthenticationException;
import dev.kurier.client.errors.SslAuthenticationException;
import dev.kurier.client.security.TlsFailures;
import dev.kurier.client.security.sasl.SaslExchange;
import dev.kurier.client.security.sasl.SaslMechanism;
import dev.kurier.client.protocol.message.ApiVersionsResponse;
import dev.kurier.client.protocol.message.SaslAuthenticateRequest;
import dev.kurier.client.protocol.message.SaslHandshakeRequest;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslClosedEngineException;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one connection Kurier keeps to a broker.
 *
 * <p>Requests are queued, written in order with at most {@code max.in.flight.requests.per.connection} awaiting
 * an answer, and matched to responses by correlation id (Kafka answers in order on a connection). The first
 * request on every new socket is ApiVersions; the versions it yields are used until the socket closes.
 *
 * <p>All state is confined to one Netty event loop, so nothing here needs a lock. When the socket fails,
 * requests already written fail (they may or may not have been processed: the caller decides whether to
 * retry); requests not yet written wait for the next connection, made after an exponential backoff with
 * jitter ({@code reconnect.backoff.ms} up to {@code reconnect.backoff.max.ms}). If that connection attempt
 * fails they fail too, so nothing waits forever; every request also fails after {@code request.timeout.ms}.
 */
public final class BrokerConnection {

    private static final Logger log = LoggerFactory.getLogger(BrokerConnection.class);

    /**
     * CONNECTING covers TCP and the TLS handshake; NEGOTIATING is ApiVersions; AUTHENTICATING the SASL exchange
     * (also a re-authentication on a live socket, KIP-368, during which nothing new is written).
     */
    private enum State { DISCONNECTED, CONNECTING, NEGOTIATING, AUTHENTICATING, READY, CLOSED }

    /** The largest read from the socket at once. */
    private static final int MAX_READ_BYTES = 256 * 1024;

    private final Endpoint endpoint;
    private final NetworkConfig config;
    private final EventLoop loop;
    private final NetworkListener listener;
    private final AuthenticationFailures authFailures;

    private final ArrayDeque<Pending<?>> waiting = new ArrayDeque<>();
    private final ArrayDeque<Pending<?>> inFlight = new ArrayDeque<>();
    private State state = State.DISCONNECTED;
    private Channel channel;
    private ApiVersionTable versions;
    private final Throttling throttling;
    /** The addresses of the host for the current round of connection attempts, tried in turn. Event loop only. */
    private java.util.List<java.net.InetAddress> addresses = java.util.List.of();
    private int nextAddress;
    /** Until when (System.nanoTime) the broker asked for no further requests on this connection. Event loop only. */
    private long throttledUntilNanos;
    private boolean drainScheduled;
    private int correlationId;
    private int consecutiveFailures;
    private long backoffUntilNanos;
    private ScheduledFuture<?> reconnectTask;
    private String lastFailure;
    /** A re-authentication is due: it starts once the requests on the wire are answered. */
    private boolean reauthDue;
    /** The SASL exchange under way is a re-authentication of a socket that served requests. */
    private boolean reauthenticating;
    private ScheduledFuture<?> reauthTask;
    private SaslExchange sasl;

    BrokerConnection(Endpoint endpoint, NetworkConfig config, EventLoop loop, NetworkListener listener,
                     AuthenticationFailures authFailures, Throttling throttling) {
        this.authFailures = authFailures;
        this.throttling = throttling;
        this.endpoint = endpoint;
        this.config = config;
        this.loop = loop;
        this.listener = listener;
    }

    /** The broker this connection talks to. */
    public Endpoint endpoint() {
        return endpoint;
    }

    /**
     * Sends {@code request} at the highest version both sides support. The future completes on the connection's
     * event loop: callers must not block in its callbacks.
     */
    public <R extends Response> CompletableFuture<R> send(Request<R> request) {
        CompletableFuture<R> future = new CompletableFuture<>();
        Pending<R> pending = new Pending<>(request, future, System.nanoTime());
        if (loop.inEventLoop()) {
            enqueue(pending);
        } else {
            loop.execute(() -> enqueue(pending));
        }
        return future;
    }

    /**
     * The API versions negotiated on the current socket; completes once a connection is ready (connecting if
     * needed).
     */
    public CompletableFuture<ApiVersionTable> apiVersions() {
        CompletableFuture<ApiVersionTable> result = new CompletableFuture<>();
        loop.execute(() -> {
            if (state == State.READY) {
                result.complete(versions);
            } else {
                enqueue(new Pending<>(null, result, System.nanoTime()));
            }
        });
        return result;
    }

    /** Whether a socket is connected and negotiated (and authenticated) right now. */
    public boolean isReady() {
        return state == State.READY || reauthenticating;
    }

    /** Closes the socket for good and fails everything pending. */
    public CompletableFuture<Void> close() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> {
            if (state != State.CLOSED) {
                BrokerUnavailableException closed = new BrokerUnavailableException(endpoint, "connection closed by the client", null);
                state = State.CLOSED;
                if (reconnectTask != null) {
                    reconnectTask.cancel(false);
                }
                cancelReauth();
                failAll(inFlight, closed);
                failAll(waiting, closed);
                if (channel != null) {
                    channel.close();
                    channel = null;
                }
            }
            done.complete(null);
        });
        return done;
    }

    /** Drops the socket (as after an I/O error); waiting requests go out on the next connection. */
    public void disconnect(String reason) {
        loop.execute(() -> {
            if (channel != null) {
                handleFailure(new BrokerUnavailableException(endpoint, reason, null));
            }
        });
    }

    // ---- event-loop confined below ----------------------------------------------------------------

    private void enqueue(Pending<?> pending) {
        if (state == State.CLOSED) {
            pending.fail(new BrokerUnavailableException(endpoint, "connection closed by the client", null));
            return;
        }
        pending.timeout = loop.schedule(() -> timedOut(pending), config.requestTimeout().toNanos(), TimeUnit.NANOSECONDS);
        waiting.add(pending);
        if (state == State.READY) {
            drain();
        } else if (state == State.DISCONNECTED) {
            connectNowOrAfterBackoff();
        }
    }

    private void connectNowOrAfterBackoff() {
        long delay = backoffUntilNanos - System.nanoTime();
        if (delay <= 0) {
            connect();
        } else if (reconnectTask == null || reconnectTask.isDone()) {
            reconnectTask = loop.schedule(() -> {
                if (state == State.DISCONNECTED && !waiting.isEmpty()) {
                    connect();
                }
            }, delay, TimeUnit.NANOSECONDS);
        }
    }

    private void connect() {
        state = State.CONNECTING;
        if (nextAddress >= addresses.size()) {
            // A new round: resolve the name again (its addresses may have changed since the last connection).
            try {
                addresses = config.resolver().resolve(endpoint.host());
            } catch (java.net.UnknownHostException | RuntimeException e) {
                handleFailure(new BrokerUnavailableException(endpoint, "cannot resolve host " + endpoint.host() + " ("
                        + e.getMessage() + ")", e));
                return;
            }
            nextAddress = 0;
            if (addresses.isEmpty()) {
                handleFailure(new BrokerUnavailableException(endpoint, "host " + endpoint.host()
                        + " resolved to no address", null));
                return;
            }
        }
        java.net.InetAddress address = addresses.get(nextAddress++);
        log.debug("connecting to {} at {}", endpoint, address.getHostAddress());
        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis()))
                // Read as much as the socket holds, up to 256 KiB (Netty's default stops at 64 KiB): a multi-megabyte
                // fetch response then takes fewer read calls and trips through the pipeline.
                .option(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(64, 2048, MAX_READ_BYTES))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (config.sendBufferBytes() > 0) {
                            ch.config().setSendBufferSize(config.sendBufferBytes());
                        }
                        if (config.receiveBufferBytes() > 0) {
                            ch.config().setReceiveBufferSize(config.receiveBufferBytes());
                        }
                        if (config.security().tls() != null) {
                            SslHandler tls = config.security().tls().current().newHandler(ch.alloc(), endpoint.host(),
                                    endpoint.port());
                            tls.setHandshakeTimeoutMillis(config.connectTimeout().toMillis());
                            ch.pipeline().addLast("tls", tls);
                        }
                        ch.pipeline().addLast("frames", new FrameDecoder(endpoint, config.maxResponseSize()));
                        ch.pipeline().addLast("responses", new ResponseHandler());
                    }
                });
        ChannelFuture cf = bootstrap.connect(new java.net.InetSocketAddress(address, endpoint.port()));
        channel = cf.channel();
        cf.addListener(f -> {
            if (cf.channel() != channel) {
                return; // a newer attempt replaced this one
            }
            if (!f.isSuccess()) {
                if (nextAddress < addresses.size() && state == State.CONNECTING) {
                    // client.dns.lookup=use_all_dns_ips: the next address of the host, at once
                    log.debug("connecting to {} at {} failed ({}); trying its next address", endpoint,
                            address.getHostAddress(), describe(f.cause()));
                    connect();
                    return;
                }
                nextAddress = addresses.size(); // the next round resolves again
                handleFailure(new BrokerUnavailableException(endpoint, describe(f.cause()) + (addresses.size() > 1
                        ? " (tried all " + addresses.size() + " addresses of " + endpoint.host() + ")" : ""), f.cause()));
                return;
            }
            nextAddress = addresses.size(); // connected: a later reconnection resolves again
            SslHandler tls = cf.channel().pipeline().get(SslHandler.class);
            if (tls == null) {
                negotiate((short) Math.min(ApiKey.API_VERSIONS.maxVersion, 4));
                return;
            }
            tls.handshakeFuture().addListener(h -> {
                if (cf.channel() != channel) {
                    return;
                }
                if (h.isSuccess()) {
                    negotiate((short) Math.min(ApiKey.API_VERSIONS.maxVersion, 4));
                } else {
                    handleFailure(handshakeFailure(h.cause()));
                }
            });
        });
    }

    /** A TLS handshake failure as a typed error; a socket closed mid-handshake is most likely a plaintext port. */
    private RuntimeException handshakeFailure(Throwable cause) {
        if (cause instanceof SslAuthenticationException e) {
            return e;
        }
        if (cause instanceof io.netty.handler.ssl.SslHandshakeTimeoutException) {
            // a slow or overloaded broker: retriable, unlike the failures below
            return new BrokerUnavailableException(endpoint, "TLS handshake not done within "
                    + config.connectTimeout().toMillis() + " ms (socket.connection.setup.timeout.ms)", cause);
        }
        if (TlsFailures.isTlsFailure(cause) && !(cause instanceof SslClosedEngineException)) {
            return TlsFailures.classify(endpoint.toString(), cause);
        }
        return new SslAuthenticationException(SslAuthenticationException.Reason.NOT_TLS, "TLS handshake with broker "
                + endpoint + " failed: the broker closed the connection without answering in TLS; the port is "
                + "probably a plaintext listener: check the port and security.protocol", cause);
    }

    private void negotiate(short version) {
        state = State.NEGOTIATING;
        ApiVersionsExchange req = new ApiVersionsExchange(config.clientSoftwareName(), config.clientSoftwareVersion());
        CompletableFuture<ApiVersionsResponse> f = new CompletableFuture<>();
        Pending<ApiVersionsResponse> p = new Pending<>(req, f, System.nanoTime());
        p.version = version;
        p.timeout = loop.schedule(() -> timedOut(p), config.connectTimeout().toNanos(), TimeUnit.NANOSECONDS);
        Channel ch = channel;
        f.whenComplete((resp, err) -> {
            if (err != null || ch != channel) {
                return; // the failure path already handled the socket
            }
            if (resp.errorCode() == Errors.UNSUPPORTED_VERSION.code) {
                short brokerMax = -1;
                for (ApiVersionsResponse.ApiVersion v : resp.apiKeys()) {
                    if (v.apiKey() == ApiKey.API_VERSIONS.id) {
                        brokerMax = v.maxVersion();
                    }
                }
                if (brokerMax >= ApiKey.API_VERSIONS.minVersion && brokerMax < version) {
                    negotiate(brokerMax);
                    return;
                }
                UnsupportedApiException e = new UnsupportedApiException(endpoint, "supports ApiVersions up to v" + brokerMax
                        + " but Kurier needs v" + ApiKey.API_VERSIONS.minVersion + "+ (brokers from Apache Kafka 2.8 on)");
                failAll(waiting, e);
                handleFailure(new BrokerUnavailableException(endpoint, e.getMessage(), e));
                return;
            }
            if (resp.errorCode() != 0) {
                handleFailure(new BrokerUnavailableException(endpoint, "ApiVersions failed with "
                        + Errors.forCode(resp.errorCode()), null));
                return;
            }
            versions = new ApiVersionTable(endpoint, resp);
            if (config.security().sasl() != null) {
                authenticate();
            } else {
                ready();
            }
        });
        write(p);
    }

    private void ready() {
        state = State.READY;
        consecutiveFailures = 0;
        lastFailure = null;
        if (reauthenticating) {
            reauthenticating = false;
            log.debug("re-authenticated with {}", endpoint);
        } else {
            log.debug("connected to {} ({})", endpoint, config.security().protocol());
            listener.connected(endpoint);
        }
        drain();
    }

    // ---- SASL (KIP-43 handshake, KIP-152 SaslAuthenticate, KIP-368 re-authentication) ---------------

    private void authenticate() {
        state = State.AUTHENTICATING;
        reauthDue = false;
        SaslMechanism mechanism = config.security().sasl();
        Channel ch = channel;
        sendInternal(SaslHandshakeRequest.builder().mechanism(mechanism.name()).build(), ch, resp -> {
            if (resp.errorCode() == Errors.UNSUPPORTED_SASL_MECHANISM.code) {
                throw new SaslAuthenticationException("broker " + endpoint + " does not offer SASL mechanism "
                        + mechanism.name() + "; it offers " + resp.mechanisms() + ": set sasl.mechanism to one of them", null);
            }
            if (resp.errorCode() != 0) {
                throw new SaslAuthenticationException("SaslHandshake with broker " + endpoint + " failed with "
                        + Errors.forCode(resp.errorCode()), null);
            }
            sasl = mechanism.start(endpoint.host());
            sendSasl(sasl.initialResponse(), ch);
        });
    }

    private void sendSasl(byte[] message, Channel ch) {
        SaslMechanism mechanism = config.security().sasl();
        sendInternal(SaslAuthenticateRequest.builder().authBytes(message).build(), ch, resp -> {
            if (resp.errorCode() != 0) {
                throw new SaslAuthenticationException("authentication with broker " + endpoint + " failed ("
                        + mechanism.name() + (resp.errorMessage() == null ? "" : ": " + resp.errorMessage())
                        + "): check the user name and password (sasl.jaas.config, or sasl.username and sasl.password)"
                        + (mechanism.name().equals("OAUTHBEARER") ? " or the token" : ""), null);
            }
            byte[] next;
            try {
                next = sasl.evaluate(resp.authBytes());
            } catch (SaslAuthenticationException e) {
                throw new SaslAuthenticationException("authentication with broker " + endpoint + " failed: "
                        + e.getMessage(), e);
            }
            if (next != null) {
                sendSasl(next, ch);
                return;
            }
            if (!sasl.isComplete()) {
                throw new SaslAuthenticationException("broker " + endpoint + " ended the " + mechanism.name()
                        + " exchange before it was complete", null);
            }
            sasl = null;
            scheduleReauth(resp.sessionLifetimeMs(), ch);
            ready();
        });
    }

    /** KIP-368: re-authenticate before the broker's session expires, at 85-95% of its lifetime. */
    private void scheduleReauth(long lifetimeMs, Channel ch) {
        cancelReauth();
        if (lifetimeMs <= 0) {
            return;
        }
        long delay = (long) (lifetimeMs * (0.85 + ThreadLocalRandom.current().nextDouble() * 0.1));
        reauthTask = loop.schedule(() -> {
            if (ch != channel || state != State.READY) {
                return;
            }
            reauthDue = true;
            reauthenticating = true;
            state = State.AUTHENTICATING;
            startReauthIfIdle();
        }, Math.max(1, delay), TimeUnit.MILLISECONDS);
    }

    /** The broker answers in order, so the SASL exchange starts once nothing else is on the wire. */
    private void startReauthIfIdle() {
        if (reauthDue && inFlight.isEmpty() && channel != null) {
            authenticate();
        }
    }

    private void cancelReauth() {
        if (reauthTask != null) {
            reauthTask.cancel(false);
            reauthTask = null;
        }
        reauthDue = false;
    }

    /**
     * Writes a request of the connection's own (the SASL exchange) and runs {@code onResponse} on its answer;
     * whatever {@code onResponse} throws fails the connection.
     */
    private <R extends Response> void sendInternal(Request<R> request, Channel ch, Consumer<R> onResponse) {
        CompletableFuture<R> f = new CompletableFuture<>();
        Pending<R> p = new Pending<>(request, f, System.nanoTime());
        try {
            p.version = versions.negotiate(request.apiKey());
        } catch (RuntimeException e) {
            handleFailure(new SaslAuthenticationException("broker " + endpoint + " cannot authenticate with SASL: "
                    + e.getMessage(), e));
            return;
        }
        p.timeout = loop.schedule(() -> timedOut(p), config.connectTimeout().toNanos(), TimeUnit.NANOSECONDS);
        f.whenComplete((resp, err) -> {
            if (err != null || ch != channel) {
                if (resp != null) {
                    resp.release();
                }
                return; // the failure path already handled the socket
            }
            try {
                onResponse.accept(resp);
            } catch (RuntimeException e) {
                handleFailure(e);
            } finally {
                resp.release();
            }
        });
        write(p);
    }

    private void throttled(ApiKey api, int throttleMs) {
        throttling.throttled(throttleMs);
        throttledUntilNanos = Math.max(throttledUntilNanos, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(throttleMs));
        log.debug("broker {} throttled this client for {} ms ({} response): quota exceeded", endpoint, throttleMs,
                api.displayName);
    }

    private void drain() {
        while (state == State.READY && inFlight.size() < config.maxInFlight() && !waiting.isEmpty()) {
            // no clock read per request unless a broker ever throttled this connection
            long hold = throttledUntilNanos == 0 ? 0 : throttledUntilNanos - System.nanoTime();
            if (hold > 0 && waiting.peek().request != null) {
                // KIP-219: the broker answered at once but muted us for the throttle time; requests sent now would
                // only wait on the socket (and their timeouts with them). Send them when it has passed.
                if (!drainScheduled) {
                    drainScheduled = true;
                    loop.schedule(() -> {
                        drainScheduled = false;
                        drain();
                    }, hold, TimeUnit.NANOSECONDS);
                }
                return;
            }
            Pending<?> p = waiting.poll();
            if (p.request == null) {
                // an apiVersions() waiter
                p.timeout.cancel(false);
                completeVersions(p);
                continue;
            }
            try {
                p.version = versions.negotiate(p.request.apiKey(), p.request.maxVersion());
            } catch (RuntimeException e) {
                p.timeout.cancel(false);
                p.fail(e);
                continue;
            }
            write(p);
        }
    }

    @SuppressWarnings("unchecked")
    private void completeVersions(Pending<?> p) {
        ((CompletableFuture<ApiVersionTable>) p.future).complete(versions);
    }

    private void write(Pending<?> p) {
        Channel ch = channel;
        int id = nextCorrelationId();
        p.correlationId = id;
        // The frame is allocated once at its size (no regrowth copies). Direct record sets (compressed produce
        // batches) are not copied into it: the frame is spliced from the written bytes and retained slices of them.
        int bodySize = p.request.size(p.version);
        ByteBuf buf = ch.alloc().ioBuffer(bodySize < 0 ? 256 : 4 + RequestHeader.MAX_FIXED_SIZE
                + (config.clientId() == null ? 0 : config.clientId().length() * 3) + bodySize);
        DeferredRecordSets deferred = new DeferredRecordSets();
        try {
            buf.writeInt(0);
            new RequestHeader(p.request.apiKey(), p.version, id, config.clientId()).write(buf);
            p.request.write(buf, p.version, deferred);
            buf.setInt(0, buf.writerIndex() - 4 + deferred.bytes());
        } catch (RuntimeException e) {
            buf.release();
            p.timeout.cancel(false);
            p.fail(e);
            return;
        }
        ByteBuf frame = deferred.isEmpty() ? buf : deferred.splice(ch.alloc(), buf);
        p.sentNanos = System.nanoTime();
        boolean expectsResponse = p.request.expectsResponse();
        if (expectsResponse) {
            inFlight.add(p);
        }
        ch.writeAndFlush(frame).addListener(f -> {
            if (!f.isSuccess()) {
                if (ch == channel) {
                    handleFailure(new BrokerUnavailableException(endpoint, "write failed: " + describe(f.cause()), f.cause()));
                }
                if (!expectsResponse) {
                    p.timeout.cancel(false);
                    p.fail(new BrokerUnavailableException(endpoint, "write failed: " + describe(f.cause()), f.cause()));
                }
            } else if (!expectsResponse) {
                p.timeout.cancel(false);
                p.complete(null);
                listener.requestCompleted(endpoint, p.request.apiKey(), System.nanoTime() - p.sentNanos, true);
            }
        });
    }

    private int nextCorrelationId() {
        int id = correlationId;
        correlationId = id == Integer.MAX_VALUE ? 0 : id + 1;
        return id;
    }

    private void onFrame(ByteBuf frame) {
        Pending<?> p = inFlight.poll();
        Response response = null;
        try {
            int id = ResponseHeader.peekCorrelationId(frame);
            if (p == null) {
                throw new CorruptResponseException(endpoint, "response with correlation id " + id
                        + " but no request is in flight", null);
            }
            if (id != p.correlationId) {
                throw new CorruptResponseException(endpoint, "response correlation id " + id + " does not match "
                        + p.request.apiKey().displayName + " request id " + p.correlationId, null);
            }
            p.timeout.cancel(false);
            ResponseHeader.read(frame, p.request.apiKey().responseHeaderVersion(p.version));
            response = p.request.readResponse(frame, p.version);
            if (frame.isReadable() && log.isDebugEnabled()) {
                log.debug("{} v{} response from {} has {} unread trailing bytes", p.request.apiKey(), p.version,
                        endpoint, frame.readableBytes());
            }
            listener.requestCompleted(endpoint, p.request.apiKey(), System.nanoTime() - p.sentNanos, true);
            int throttleMs = response.throttleTimeMs();
            if (throttleMs > 0) {
                throttled(p.request.apiKey(), throttleMs);
            }
            p.completeRaw(response);
        } catch (CorruptResponseException e) {
            if (p != null) {
                p.timeout.cancel(false);
                p.fail(e);
            }
            handleFailure(e);
        } catch (ProtocolException | IndexOutOfBoundsException e) {
            CorruptResponseException corrupt = new CorruptResponseException(endpoint, (p == null ? "" :
                    p.request.apiKey().displayName + " v" + p.version + ": ") + e.getMessage(), e);
            if (p != null) {
                p.timeout.cancel(false);
                p.fail(corrupt);
            }
            handleFailure(corrupt);
        } catch (RuntimeException e) {
            // A bug, not the wire: the frame was whole, so the connection stays in step; fail only this request,
            // now, rather than leave it to time out and drop the socket with everything else on it.
            log.warn("unexpected error handling a {} response from {}; the request fails, the connection carries on",
                    p == null ? "" : p.request.apiKey().displayName, endpoint, e);
            if (p != null && !p.future.isDone()) {
                p.timeout.cancel(false);
                if (response != null) {
                    response.release();
                }
                p.fail(new KurierException("unexpected error handling the " + p.request.apiKey().displayName + " v"
                        + p.version + " response from " + endpoint + ": " + e, e));
            }
        } finally {
            frame.release();
        }
        if (state == State.READY) {
            drain();
        } else if (reauthDue && state == State.AUTHENTICATING) {
            startReauthIfIdle();
        }
    }

    private void timedOut(Pending<?> p) {
        if (p.future.isDone()) {
            return;
        }
        boolean negotiation = p.request instanceof ApiVersionsExchange || p.request instanceof SaslHandshakeRequest
                || p.request instanceof SaslAuthenticateRequest;
        String api = p.request == null ? "connection" : p.request.apiKey().displayName;
        RequestTimeoutException e = new RequestTimeoutException(endpoint, api,
                negotiation ? config.connectTimeout() : config.requestTimeout());
        if (waiting.remove(p)) {
            // never written: fail only this one
            p.fail(e);
            return;
        }
        p.fail(e);
        // Responses come in order, so a request that timed out on the wire poisons the socket: drop it.
        handleFailure(new BrokerUnavailableException(endpoint, "dropped after " + api + " timed out", e));
    }

    private void handleFailure(RuntimeException cause) {
        if (state == State.CLOSED) {
            return;
        }
        // A re-authentication that the broker refuses fails what waits, as a first authentication does; a socket lost
        // during one is an ordinary disconnect.
        boolean wasServing = state == State.READY || reauthenticating;
        boolean wasReady = wasServing && !(cause instanceof AuthenticationException);
        reauthenticating = false;
        sasl = null;
        cancelReauth();
        Channel ch = channel;
        channel = null;
        versions = null;
        state = State.DISCONNECTED;
        if (ch != null) {
            ch.close();
        }
        consecutiveFailures++;
        backoffUntilNanos = System.nanoTime() + backoffNanos();
        lastFailure = cause.getMessage();
        if (cause instanceof AuthenticationException auth) {
            authFailures.record(auth);
            // The user must act (credentials, certificates); said once per failed attempt, which backoff spaces out.
            log.warn("{}", cause.getMessage());
            if (wasServing) {
                listener.disconnected(endpoint);
            }
        } else if (wasReady) {
            log.info("connection to {} lost: {}", endpoint, cause.getMessage());
            listener.disconnected(endpoint);
        } else {
            log.debug("connection to {} failed: {}", endpoint, cause.getMessage());
        }
        failAll(inFlight, cause);
        if (!wasReady) {
            // The connection attempt itself failed: fail what waited for it rather than retry forever.
            failAll(waiting, cause);
        } else if (!waiting.isEmpty()) {
            connectNowOrAfterBackoff();
        }
    }

    private long backoffNanos() {
        long base = config.reconnectBackoff().toNanos();
        long max = config.reconnectBackoffMax().toNanos();
        if (base <= 0) {
            return 0;
        }
        double exp = base * Math.pow(2, Math.min(consecutiveFailures - 1, 30));
        double jitter = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4; // +-20%
        return (long) Math.min(max, exp * jitter);
    }

    /** The last connection failure, or {@code null} after a success (for diagnostics). */
    String lastFailure() {
        return lastFailure;
    }

    private static void failAll(ArrayDeque<Pending<?>> queue, RuntimeException cause) {
        Pending<?> p;
        while ((p = queue.poll()) != null) {
            if (p.timeout != null) {
                p.timeout.cancel(false);
            }
            p.fail(cause);
        }
    }

    private static String describe(Throwable t) {
        if (t == null) {
            return "unknown error";
        }
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    Duration requestTimeout() {
        return config.requestTimeout();
    }

    /** A request waiting for, or on, the wire. */
    private static final class Pending<R> {
        final Request<?> request;
        final CompletableFuture<R> future;
        final long createdNanos;
        short version = -1;
        int correlationId;
        long sentNanos;
        ScheduledFuture<?> timeout;

        Pending(Request<?> request, CompletableFuture<R> future, long createdNanos) {
            this.request = request;
            this.future = future;
            this.createdNanos = createdNanos;
        }

        void fail(Throwable t) {
            future.completeExceptionally(t);
        }

        void complete(R value) {
            future.complete(value);
        }

        @SuppressWarnings("unchecked")
        void completeRaw(Response response) {
            if (!future.complete((R) response)) {
                response.release(); // already failed (timeout race): nobody else will release it
            }
        }
    }

    /** Receives frames and socket events for this connection. */
    private final class ResponseHandler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf frame = (ByteBuf) msg;
            if (ctx.channel() != channel) {
                frame.release();
                return;
            }
            onFrame(frame);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (ctx.channel() == channel) {
                int n = inFlight.size();
                handleFailure(new BrokerUnavailableException(endpoint, "connection closed by the broker"
                        + (n > 0 ? " with " + n + " request(s) in flight" : ""), null));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (ctx.channel() != channel) {
                ctx.close();
                return;
            }
            Throwable root = cause instanceof io.netty.handler.codec.DecoderException && cause.getCause() != null
                    ? cause.getCause() : cause;
            RuntimeException e;
            if (root instanceof NetworkException || root instanceof AuthenticationException) {
                e = (RuntimeException) root;
            } else if (state != State.READY && !reauthenticating && TlsFailures.isTlsFailure(root)) {
                e = handshakeFailure(root); // e.g. the broker rejects the client certificate after a TLS 1.3 handshake
            } else {
                e = new BrokerUnavailableException(endpoint, describe(root), root);
            }
            handleFailure(e);
        }
    }
}
