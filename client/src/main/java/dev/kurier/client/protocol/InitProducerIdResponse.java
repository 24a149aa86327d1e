package dev.kurier.client.protocol;

import io.netty.buffer.ByteBuf;

/**
 * InitProducerId response (key 22), v2-5.
 *
 * @param throttleTimeMs how long the broker throttled the request
 * @param errorCode      the error, or 0
 * @param producerId     the producer id (-1 on error)
 * @param producerEpoch  the producer epoch
 */
public record InitProducerIdResponse(int throttleTimeMs, short errorCode, long producerId, short producerEpoch)
        implements Response {

    /** Reads the body at {@code version}. */
    public static InitProducerIdResponse read(ByteBuf in, short version) {
        VersionRules.check(ApiKey.INIT_PRODUCER_ID, version);
        int throttle = Fields.readInt32(in, "InitProducerIdResponse.throttleTimeMs");
        short errorCode = Fields.readInt16(in, "InitProducerIdResponse.errorCode");
        long producerId = Fields.readInt64(in, "InitProducerIdResponse.producerId");
        short producerEpoch = Fields.readInt16(in, "InitProducerIdResponse.producerEpoch");
        Primitives.skipTaggedFields(in);
        return new InitProducerIdResponse(throttle, errorCode, producerId, producerEpoch);
    }

    /** Writes the body at {@code version} (used by tests that play the broker). */
    public void write(ByteBuf out, short version) {
        VersionRules.check(ApiKey.INIT_PRODUCER_ID, version);
        out.writeInt(throttleTimeMs);
        out.writeShort(errorCode);
        out.writeLong(producerId);
        out.writeShort(producerEpoch);
        Primitives.writeEmptyTaggedFields(out);
    }
}
