package dev.kurier.cli;

import dev.kurier.client.producer.Producer;
import dev.kurier.client.producer.TransactionAbortableException;

/**
 * {@code kurier produce --transactional-id}: groups the records into transactions of {@code size} records (0: one for
 * all of stdin), each committed, or aborted with {@code --abort}. A transaction a record of which failed is aborted;
 * the failure is reported by the command as for any failed send.
 */
final class Transactions {

    private final Producer<?, ?> producer;
    private final long size;
    private final boolean abort;
    private long inTransaction;
    private boolean open;

    Transactions(Producer<?, ?> producer, long size, boolean abort) {
        this.producer = producer;
        this.size = size;
        this.abort = abort;
        producer.initTransactions();
    }

    /** Opens a transaction for the next record if none is open. */
    void beforeRecord() {
        if (!open) {
            producer.beginTransaction();
            open = true;
            inTransaction = 0;
        }
    }

    /** Ends the transaction once it holds {@code size} records. */
    void afterRecord() {
        inTransaction++;
        if (size > 0 && inTransaction >= size) {
            end(true);
        }
    }

    /** Ends the open transaction: committed (unless --abort) when {@code commit}, else aborted. */
    void end(boolean commit) {
        if (!open) {
            return;
        }
        open = false;
        if (commit && !abort) {
            try {
                producer.commitTransaction();
                return;
            } catch (TransactionAbortableException e) {
                producer.abortTransaction(); // the failed record is counted by the send's own callback
                return;
            }
        }
        if (abort && commit) {
            producer.flush(); // --abort: the records reach the log first, so readers have something to skip
        }
        producer.abortTransaction();
    }
}
