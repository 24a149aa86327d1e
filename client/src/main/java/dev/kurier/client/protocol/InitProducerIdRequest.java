package dev.kurier.client.protocol;

import io.netty.buffer.ByteBuf;

/**
 * InitProducerId request (key 22), v2-5: obtain a producer id and epoch (idempotent or transactional
 * producer). v3+ can bump the epoch of an existing producer id.
 *
 * @param transactionalId      the transactional id, or null for an idempotent producer
 * @param transactionTimeoutMs the transaction timeout (relevant with a transactional id)
 * @param producerId           the current producer id to bump, or -1 (v3+; default -1)
 * @param producerEpoch        the current epoch, or -1 (v3+; default -1)
 */
public record InitProducerIdRequest(String transactionalId, int transactionTimeoutMs, long producerId,
        short producerEpoch) implements Request<InitProducerIdResponse> {

    /**
     * The request an idempotent producer sends first: no transactional id, no producer id yet, and the
     * transaction timeout kafka-clients sends in that case ({@code Integer.MAX_VALUE}).
     */
    public static InitProducerIdRequest idempotent() {
        return new InitProducerIdRequest(null, Integer.MAX_VALUE, -1L, (short) -1);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.INIT_PRODUCER_ID;
    }

    @Override
    public void write(ByteBuf out, short version) {
        VersionRules.check(ApiKey.INIT_PRODUCER_ID, version);
        if (version < 3) {
            VersionRules.requireDefault(producerId == -1L, "InitProducerIdRequest.producerId", version, "v3+");
            VersionRules.requireDefault(producerEpoch == -1, "InitProducerIdRequest.producerEpoch", version, "v3+");
        }
        Primitives.writeCompactNullableString(out, transactionalId);
        out.writeInt(transactionTimeoutMs);
        if (version >= 3) {
            out.writeLong(producerId);
            out.writeShort(producerEpoch);
        }
        Primitives.writeEmptyTaggedFields(out);
    }

    @Override
    public InitProducerIdResponse readResponse(ByteBuf in, short version) {
        return InitProducerIdResponse.read(in, version);
    }

    /** Reads a request body (used by tests that play the broker). */
    public static InitProducerIdRequest read(ByteBuf in, short version) {
        VersionRules.check(ApiKey.INIT_PRODUCER_ID, version);
        String transactionalId = Primitives.readCompactNullableString(in);
        int timeout = Fields.readInt32(in, "InitProducerIdRequest.transactionTimeoutMs");
        long producerId = -1L;
        short producerEpoch = -1;
        if (version >= 3) {
            producerId = Fields.readInt64(in, "InitProducerIdRequest.producerId");
            producerEpoch = Fields.readInt16(in, "InitProducerIdRequest.producerEpoch");
        }
        Primitives.skipTaggedFields(in);
        return new InitProducerIdRequest(transactionalId, timeout, producerId, producerEpoch);
    }
}
