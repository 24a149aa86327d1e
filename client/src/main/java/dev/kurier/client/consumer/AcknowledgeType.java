package dev.kurier.client.consumer;

/**
 * What a share consumer says about a record it was delivered (KIP-932): processed ({@link #ACCEPT}), to be delivered
 * again, to this or another consumer ({@link #RELEASE}), unprocessable and never to be delivered again
 * ({@link #REJECT}), or still being processed ({@link #RENEW}: its acquisition lock starts over; KIP-1222).
 */
public enum AcknowledgeType {
    /** Processed: the record is done for the share group. */
    ACCEPT(1),
    /** Not processed: the broker delivers it again (its delivery count goes up). */
    RELEASE(2),
    /** Unprocessable: archived, never delivered again. */
    REJECT(3),
    /**
     * Still in progress: the acquisition lock starts over, the record stays this consumer's and is acknowledged
     * again later with one of the others. Explicit acknowledgement only; Kafka 4.2 or newer.
     */
    RENEW(4);

    /** The code on the wire (ShareFetch and ShareAcknowledge acknowledgement types). */
    public final byte code;

    AcknowledgeType(int code) {
        this.code = (byte) code;
    }
}
