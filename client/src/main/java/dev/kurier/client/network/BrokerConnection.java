package dev.kurier.client.network;

import dev.kurier.client.protocol.ApiKey;
import dev.kurier.client.protocol.ApiVersionsRequest;
import dev.kurier.client.protocol.ApiVersionsResponse;
import dev.kurier.client.protocol.Errors;
import dev.kurier.client.protocol.ProtocolException;
import dev.kurier.client.protocol.Request;
import dev.kurier.client.protocol.RequestHeader;
import dev.kurier.client.protocol.Response;
import dev.kurier.client.protocol.ResponseHeader;
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
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
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

    private enum State { DISCONNECTED, CONNECTING, NEGOTIATING, READY, CLOSED }

    /** The largest read from the socket at once. */
    private static final int MAX_READ_BYTES = 256 * 1024;

    private final Endpoint endpoint;
    private final NetworkConfig config;
    private final EventLoop loop;
    private final NetworkListener listener;

    private final ArrayDeque<Pending<?>> waiting = new ArrayDeque<>();
    private final ArrayDeque<Pending<?>> inFlight = new ArrayDeque<>();
    private State state = State.DISCONNECTED;
    private Channel channel;
    private ApiVersionTable versions;
    private int correlationId;
    private int consecutiveFailures;
    private long backoffUntilNanos;
    private ScheduledFuture<?> reconnectTask;
    private String lastFailure;

    BrokerConnection(Endpoint endpoint, NetworkConfig config, EventLoop loop, NetworkListener listener) {
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

    /** Whether a socket is connected and negotiated right now. */
    public boolean isReady() {
        return state == State.READY;
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
        log.debug("connecting to {}", endpoint);
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
                        ch.pipeline().addLast("frames", new FrameDecoder(endpoint, config.maxResponseSize()));
                        ch.pipeline().addLast("responses", new ResponseHandler());
                    }
                });
        ChannelFuture cf = bootstrap.connect(endpoint.host(), endpoint.port());
        channel = cf.channel();
        cf.addListener(f -> {
            if (cf.channel() != channel) {
                return; // a newer attempt replaced this one
            }
            if (!f.isSuccess()) {
                handleFailure(new BrokerUnavailableException(endpoint, describe(f.cause()), f.cause()));
            } else {
                negotiate((short) Math.min(ApiKey.API_VERSIONS.maxVersion, 4));
            }
        });
    }

    private void negotiate(short version) {
        state = State.NEGOTIATING;
        ApiVersionsRequest req = new ApiVersionsRequest(config.clientSoftwareName(), config.clientSoftwareVersion());
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
            state = State.READY;
            consecutiveFailures = 0;
            lastFailure = null;
            log.debug("connected to {} (ApiVersions v{})", endpoint, version);
            listener.connected(endpoint);
            drain();
        });
        write(p);
    }

    private void drain() {
        while (state == State.READY && inFlight.size() < config.maxInFlight() && !waiting.isEmpty()) {
            Pending<?> p = waiting.poll();
            if (p.request == null) {
                // an apiVersions() waiter
                p.timeout.cancel(false);
                completeVersions(p);
                continue;
            }
            try {
                p.version = versions.negotiate(p.request.apiKey());
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
        ByteBuf buf = ch.alloc().ioBuffer(256);
        try {
            buf.writeInt(0);
            new RequestHeader(p.request.apiKey(), p.version, id, config.clientId()).write(buf);
            p.request.write(buf, p.version);
            buf.setInt(0, buf.writerIndex() - 4);
        } catch (RuntimeException e) {
            buf.release();
            p.timeout.cancel(false);
            p.fail(e);
            return;
        }
        p.sentNanos = System.nanoTime();
        boolean expectsResponse = p.request.expectsResponse();
        if (expectsResponse) {
            inFlight.add(p);
        }
        ch.writeAndFlush(buf).addListener(f -> {
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
            Response response = p.request.readResponse(frame, p.version);
            if (frame.isReadable() && log.isDebugEnabled()) {
                log.debug("{} v{} response from {} has {} unread trailing bytes", p.request.apiKey(), p.version,
                        endpoint, frame.readableBytes());
            }
            listener.requestCompleted(endpoint, p.request.apiKey(), System.nanoTime() - p.sentNanos, true);
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
        } finally {
            frame.release();
        }
        if (state == State.READY) {
            drain();
        }
    }

    private void timedOut(Pending<?> p) {
        if (p.future.isDone()) {
            return;
        }
        boolean negotiation = p.request instanceof ApiVersionsRequest;
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
        boolean wasReady = state == State.READY;
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
        if (wasReady) {
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
            RuntimeException e = root instanceof NetworkException ne ? ne
                    : new BrokerUnavailableException(endpoint, describe(root), root);
            handleFailure(e);
        }
    }
}
