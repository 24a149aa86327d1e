package dev.kurier.client.consumer;

/**
 * What a share consumer says about a record it was delivered (KIP-932): processed ({@link #ACCEPT}), to be delivered
 * again, to this or another consumer ({@link #RELEASE}), or unprocessable and never to be delivered again
 * ({@link #REJECT}).
 */
public enum AcknowledgeType {
    /** Processed: the record is done for the share group. */
    ACCEPT(1),
    /** Not processed: the broker delivers it again (its delivery count goes up). */
    RELEASE(2),
    /** Unprocessable: archived, never delivered again. */
    REJECT(3);

    /** The code on the wire (ShareFetch and ShareAcknowledge acknowledgement types). */
    public final byte code;

    AcknowledgeType(int code) {
        this.code = (byte) code;
    }
}
