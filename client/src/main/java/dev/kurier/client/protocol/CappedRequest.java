package dev.kurier.client.protocol;

import io.netty.buffer.ByteBuf;

/** A request that must not go out above {@code maxVersion} (see {@link Request#maxVersion()}). */
record CappedRequest<R extends Response>(Request<R> request, short maxVersion) implements Request<R> {

    @Override
    public ApiKey apiKey() {
        return request.apiKey();
    }

    @Override
    public void write(ByteBuf out, short version) {
        request.write(out, version);
    }

    @Override
    public int size(short version) {
        return request.size(version);
    }

    @Override
    public void write(ByteBuf out, short version, DeferredRecordSets deferred) {
        request.write(out, version, deferred);
    }

    @Override
    public R readResponse(ByteBuf in, short version) {
        return request.readResponse(in, version);
    }

    @Override
    public boolean expectsResponse() {
        return request.expectsResponse();
    }
}
