package dev.kurier.spring.listener;

import dev.kurier.client.consumer.ConsumerRecord;
import java.util.List;

/**
 * Decides what happens when a listener method throws. Return normally to treat the records as handled (with
 * ack mode AUTO they are acknowledged and the listener moves on); throw to leave them unacknowledged, so they
 * are read again after a restart (and, once group consumption lands, are not committed).
 *
 * <p>Declare one as a bean and name it in {@code @KurierListener(errorHandler = "beanName")}.
 */
@FunctionalInterface
public interface KurierErrorHandler {

    /**
     * Handles {@code error} thrown by listener {@code listenerId} for {@code records} (one record, or a batch),
     * as they came from the broker (raw bytes).
     */
    void handle(String listenerId, List<ConsumerRecord<byte[], byte[]>> records, Exception error) throws Exception;
}
