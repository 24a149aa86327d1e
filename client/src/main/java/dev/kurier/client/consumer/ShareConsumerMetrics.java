package dev.kurier.client.consumer;

import java.util.concurrent.atomic.LongAdder;

/**
 * What one {@link ShareConsumer} did, counted since it was created: records acquired (delivered to it), how many of
 * those had been delivered before (redelivered), its acknowledgements by type (renewals among them), and lock expiries (records whose
 * acquisition lock ran out before this consumer acknowledged them, so the broker gives them to another consumer).
 * Thread-safe; read by metric binders.
 */
public final class ShareConsumerMetrics {

    private final LongAdder acquired = new LongAdder();
    private final LongAdder redelivered = new LongAdder();
    private final LongAdder accepted = new LongAdder();
    private final LongAdder released = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder renewed = new LongAdder();
    private final LongAdder lockExpiries = new LongAdder();

    /** Counts a record delivered to the consumer for the {@code deliveryCount}-th time. */
    public void acquired(int deliveryCount) {
        acquired.increment();
        if (deliveryCount > 1) {
            redelivered.increment();
        }
    }

    /** Counts an acknowledgement. */
    public void acknowledged(AcknowledgeType type) {
        switch (type) {
            case ACCEPT -> accepted.increment();
            case RELEASE -> released.increment();
            case REJECT -> rejected.increment();
            case RENEW -> renewed.increment();
        }
    }

    /** Counts {@code records} whose lock expired before their acknowledgement reached the broker. */
    public void lockExpired(long records) {
        lockExpiries.add(records);
    }

    /** Records delivered to this consumer. */
    public long acquired() {
        return acquired.sum();
    }

    /** Records delivered to this consumer that had been delivered before (to it or another consumer). */
    public long redelivered() {
        return redelivered.sum();
    }

    /** Records accepted. */
    public long accepted() {
        return accepted.sum();
    }

    /** Records released (to be delivered again). */
    public long released() {
        return released.sum();
    }

    /** Records rejected (never delivered again). */
    public long rejected() {
        return rejected.sum();
    }

    /** Lock renewals asked for (KIP-1222; one record may be renewed many times). */
    public long renewed() {
        return renewed.sum();
    }

    /** Records whose acquisition lock expired while this consumer held them. */
    public long lockExpiries() {
        return lockExpiries.sum();
    }

    @Override
    public String toString() {
        return "ShareConsumerMetrics[acquired=" + acquired() + ", redelivered=" + redelivered() + ", accepted="
                + accepted() + ", released=" + released() + ", rejected=" + rejected() + ", renewed=" + renewed() + ", lockExpiries="
                + lockExpiries() + "]";
    }
}
