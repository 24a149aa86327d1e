package dev.kurier.spring.listener;

import dev.kurier.client.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Log and skip: logs the failed record's topic, partition, offset and the error, then lets the listener go on. */
public final class LoggingRecoverer implements ConsumerRecordRecoverer {

    private static final Logger log = LoggerFactory.getLogger(LoggingRecoverer.class);

    @Override
    public void recover(String listenerId, ConsumerRecord<byte[], byte[]> record, Exception error, int attempts) {
        log.error("listener {} gave up on {}-{}@{} after {} attempt{}; skipping it", listenerId, record.topic(),
                record.partition(), record.offset(), attempts, attempts == 1 ? "" : "s", error);
    }
}
