package dev.kurier.client.protocol;

import io.netty.buffer.ByteBuf;

/**
 * A request body: knows its API, writes itself at a negotiated version, and reads its own response.
 *
 * <p>Codecs are pure: they touch only the buffers they are given and do no I/O.
 *
 * @param <R> the response type
 */
public interface Request<R extends Response> {

    /** The API this request belongs to. */
    ApiKey apiKey();

    /**
     * Writes the body (no size prefix, no header) at {@code version}.
     *
     * @throws UnsupportedVersionException if a field set on this request cannot be expressed at that version
     */
    void write(ByteBuf out, short version);

    /**
     * The number of bytes {@link #write(ByteBuf, short)} writes at {@code version} (so the frame is allocated once, at
     * its size); -1 when unknown.
     */
    default int size(short version) {
        return -1;
    }

    /**
     * Writes the body as {@link #write(ByteBuf, short)} does, leaving large record sets to {@code deferred} instead
     * of copying them (see {@link DeferredRecordSets}); requests without record sets just write.
     */
    default void write(ByteBuf out, short version, DeferredRecordSets deferred) {
        write(out, version);
    }

    /**
     * Reads the response body (after the response header) at {@code version}. The buffer stays owned by the
     * caller; a response that keeps parts of it (record sets) takes retained slices and releases them itself.
     */
    R readResponse(ByteBuf in, short version);

    /** Whether the broker sends no response (Produce with acks=0). */
    default boolean expectsResponse() {
        return true;
    }

    /**
     * The highest version this request may go out at, below what Kurier implements: some versions change what the
     * broker does, not only the shape (Produce v12, EndTxn v5 and TxnOffsetCommit v5 tell the broker the producer
     * uses transactions version 2).
     */
    default short maxVersion() {
        return Short.MAX_VALUE;
    }

    /** {@code request} sent at {@code maxVersion} at most. */
    static <R extends Response> Request<R> capped(Request<R> request, int maxVersion) {
        return new CappedRequest<>(request, (short) maxVersion);
    }
}
