package dev.kurier.client.protocol;

import io.netty.buffer.ByteBuf;
import java.util.function.IntFunction;

/**
 * A request whose shape depends on the version the connection negotiates (FindCoordinator's single key before
 * v4 and key list after, OffsetFetch's groups from v8, fields such as JoinGroup's reason that only newer
 * versions carry). The shape is built when the request is written, so it always matches the version used.
 *
 * @param apiKey the API
 * @param shape  the request as version {@code v} has it
 * @param <R>    the response type
 */
public record VersionedRequest<R extends Response>(ApiKey apiKey, IntFunction<Request<R>> shape) implements Request<R> {

    @Override
    public void write(ByteBuf out, short version) {
        shape.apply(version).write(out, version);
    }

    @Override
    public R readResponse(ByteBuf in, short version) {
        return shape.apply(version).readResponse(in, version);
    }
}
