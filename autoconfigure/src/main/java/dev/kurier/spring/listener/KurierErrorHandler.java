package dev.kurier.spring.listener;

import dev.kurier.client.consumer.ConsumerRecord;
import java.time.Duration;
import java.util.List;

/**
 * Decides what happens when a listener method throws (also when its payload cannot be converted). First
 * {@link #retryDelay} is asked whether to call the listener again after a wait; once it says no, {@link #handle}
 * recovers the records. Return normally from {@code handle} to treat the records as handled (they are acknowledged
 * and the listener moves on); throw to leave them unacknowledged: the container warns naming the record and calls
 * {@code handle} again later, while later records of the same partition wait.
 *
 * <p>{@link RetryingErrorHandler} retries with a back-off and then writes to a dead-letter topic or logs. Declare a
 * handler as a bean and name it in {@code @KurierListener(errorHandler = "beanName")}; a {@code @Primary} handler
 * bean, or the one named by {@code kurier.listener.error-handler.bean}, is the default of every listener, else the
 * {@code kurier.listener.error-handler.*} properties build the default.
 *
 * <p>Batch listeners: {@code handle} gets one record at a time (a {@link BatchFailure} names the failing record;
 * other exceptions fail every record of the batch not yet processed).
 */
@FunctionalInterface
public interface KurierErrorHandler {

    /**
     * Handles {@code error} thrown by listener {@code listenerId} for {@code records} (one record, or a batch),
     * as they came from the broker (raw bytes), once no retry is left.
     */
    void handle(String listenerId, List<ConsumerRecord<byte[], byte[]>> records, Exception error) throws Exception;

    /**
     * As {@link #handle(String, List, Exception)}, knowing that the listener was called {@code attempts} times. The
     * container calls this one.
     */
    default void handle(String listenerId, List<ConsumerRecord<byte[], byte[]>> records, Exception error, int attempts)
            throws Exception {
        handle(listenerId, records, error);
    }

    /**
     * After failed call number {@code failedAttempts} (1 for the first) with {@code error}: how long to wait before
     * calling the listener again, or {@code null} to give up and {@link #handle} the records. Default: no retry.
     */
    default Duration retryDelay(int failedAttempts, Exception error) {
        return null;
    }
}
