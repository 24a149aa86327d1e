package dev.kurier.spring.listener;

import dev.kurier.client.consumer.ConsumerRecord;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The default {@link KurierErrorHandler}: logs the failure with where the records came from, and goes on. */
public final class LoggingErrorHandler implements KurierErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(LoggingErrorHandler.class);

    @Override
    public void handle(String listenerId, List<ConsumerRecord<byte[], byte[]>> records, Exception error) {
        ConsumerRecord<byte[], byte[]> first = records.get(0);
        String where = first.topic() + "-" + first.partition() + "@" + first.offset()
                + (records.size() > 1 ? " (+" + (records.size() - 1) + " more)" : "");
        log.error("listener {} failed on {}; skipping it", listenerId, where, error);
    }
}
