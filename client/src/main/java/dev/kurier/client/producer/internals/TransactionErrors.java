package dev.kurier.client.producer.internals;

import dev.kurier.client.errors.KurierException;
import dev.kurier.client.network.NetworkException;
import dev.kurier.client.producer.ProducerFencedException;
import dev.kurier.client.producer.TransactionAbortableException;
import dev.kurier.client.producer.TransactionException;
import dev.kurier.client.producer.TransactionFatalException;
import dev.kurier.client.protocol.Errors;
import dev.kurier.client.protocol.KafkaErrorException;
import java.util.EnumSet;
import java.util.Set;

/**
 * Sorts the errors of transactional requests (and of produce requests inside a transaction) into kafka-clients' three
 * kinds: retriable (sent again after a back-off, the caller never sees them unless its time runs out), fatal (the
 * producer must be closed) and abortable (the transaction must be aborted, the producer stays usable).
 */
final class TransactionErrors {

    /** Errors after which the producer cannot go on. */
    private static final Set<Errors> FATAL = EnumSet.of(Errors.PRODUCER_FENCED, Errors.INVALID_PRODUCER_EPOCH,
            Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED, Errors.CLUSTER_AUTHORIZATION_FAILED, Errors.INVALID_TXN_STATE,
            Errors.UNSUPPORTED_VERSION, Errors.UNSUPPORTED_FOR_MESSAGE_FORMAT, Errors.TRANSACTION_COORDINATOR_FENCED,
            Errors.INVALID_TRANSACTION_TIMEOUT, Errors.INVALID_PRODUCER_ID_MAPPING);

    private TransactionErrors() {
    }

    /** Whether {@code error} asks for the coordinator to be looked up again. */
    static boolean coordinatorMoved(Errors error) {
        return error == Errors.NOT_COORDINATOR || error == Errors.COORDINATOR_NOT_AVAILABLE;
    }

    /** Whether the failure may go away when the same request is sent again. */
    static boolean retriable(Throwable failure) {
        return failure instanceof NetworkException
                || failure instanceof KurierException k && k.isRetriable() && !(failure instanceof TransactionException);
    }

    static boolean fatal(Errors error) {
        return FATAL.contains(error);
    }

    /**
     * The exception for a broker's {@code error} about {@code context}: a retriable {@link KafkaErrorException}, a
     * {@link ProducerFencedException}, a {@link TransactionFatalException} or a {@link TransactionAbortableException}.
     */
    static RuntimeException forError(Errors error, String transactionalId, String context, String brokerMessage) {
        KafkaErrorException cause = error.exception(context
                + (brokerMessage == null || brokerMessage.isEmpty() ? "" : " (" + brokerMessage + ")"));
        if (error.retriable) {
            return cause;
        }
        return classify(cause, transactionalId, context);
    }

    /** {@code failure} (of a produce request, say) as a transaction exception of the kind its error code says. */
    static TransactionException classify(Throwable failure, String transactionalId, String context) {
        if (failure instanceof TransactionException t) {
            return t;
        }
        Errors error = failure instanceof KafkaErrorException k ? k.error() : null;
        String id = "transactional id '" + transactionalId + "'";
        if (error == Errors.PRODUCER_FENCED || error == Errors.INVALID_PRODUCER_EPOCH) {
            return new ProducerFencedException(id + " was fenced while " + context
                    + ": a newer producer with the same id initialized transactions, or the coordinator aborted this"
                    + " producer's transaction after transaction.timeout.ms", failure);
        }
        if (error == Errors.INVALID_TRANSACTION_TIMEOUT) {
            return new TransactionFatalException(id + ": the broker refused transaction.timeout.ms (it must not exceed"
                    + " the broker's transaction.max.timeout.ms)", failure);
        }
        if (error == Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED) {
            return new TransactionFatalException(id + " is not authorized (WRITE on the TransactionalId resource)",
                    failure);
        }
        if (error != null && fatal(error)) {
            return new TransactionFatalException(id + ": " + error.name() + " while " + context, failure);
        }
        return new TransactionAbortableException(id + ": the transaction failed while " + context + ": "
                + failure.getMessage(), failure);
    }
}
