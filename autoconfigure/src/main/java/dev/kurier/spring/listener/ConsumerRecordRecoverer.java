package dev.kurier.spring.listener;

import dev.kurier.client.consumer.ConsumerRecord;

/**
 * What happens to a record once its listener gave up on it (retries used up, or an exception that is not worth
 * retrying): write it to a dead-letter topic ({@link DeadLetterRecoverer}) or log and skip it
 * ({@link LoggingRecoverer}). Returning normally means recovered: the record is acknowledged. Throwing means the
 * record is not acknowledged; the container warns and tries the recovery again later.
 */
@FunctionalInterface
public interface ConsumerRecordRecoverer {

    /**
     * Recovers {@code record} (raw bytes, as read) of listener {@code listenerId} that failed with {@code error}
     * after {@code attempts} calls.
     */
    void recover(String listenerId, ConsumerRecord<byte[], byte[]> record, Exception error, int attempts) throws Exception;
}
