package dev.kurier.spring.listener;

import dev.kurier.client.consumer.ConsumerRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link RecordHandler} that leaves out what a {@link RecordFilter} discards: a record listener is not called for
 * a discarded record (it is acknowledged at once); a batch listener gets the batch without them, and the indexes of
 * its acknowledgements, nacks and {@link BatchFailure}s are mapped back to the whole batch.
 */
final class FilteringHandler implements RecordHandler {

    private final RecordHandler delegate;
    private final RecordFilter filter;

    FilteringHandler(RecordHandler delegate, RecordFilter filter) {
        this.delegate = delegate;
        this.filter = filter;
    }

    @Override
    public void handle(List<ConsumerRecord<byte[], byte[]>> records, Acknowledgment ack) throws Exception {
        if (records.size() == 1) {
            if (filter.filter(records.get(0))) {
                ack.acknowledge();
                return;
            }
            delegate.handle(records, ack);
            return;
        }
        List<ConsumerRecord<byte[], byte[]>> kept = new ArrayList<>(records.size());
        int[] original = new int[records.size()];
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<byte[], byte[]> r = records.get(i);
            if (!filter.filter(r)) {
                original[kept.size()] = i;
                kept.add(r);
            }
        }
        if (kept.size() == records.size()) {
            delegate.handle(records, ack);
            return;
        }
        if (kept.isEmpty()) {
            ack.acknowledge();
            return;
        }
        try {
            delegate.handle(kept, new Acknowledgment() {
                @Override
                public void acknowledge() {
                    ack.acknowledge();
                }

                @Override
                public void acknowledge(int index) {
                    // up to the next kept record: the discarded ones between count as processed too
                    ack.acknowledge(index + 1 < kept.size() ? original[index + 1] - 1 : records.size() - 1);
                }

                @Override
                public void nack(Duration sleep) {
                    ack.nack(original[0], sleep);
                }

                @Override
                public void nack(int index, Duration sleep) {
                    ack.nack(original[index], sleep);
                }

                @Override
                public void release() {
                    ack.release();
                }

                @Override
                public void reject() {
                    ack.reject();
                }
            });
        } catch (BatchFailure f) {
            throw new BatchFailure(f.index() < kept.size() ? original[f.index()] : records.size() - 1, f.getCause());
        }
    }
}
