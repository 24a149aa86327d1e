package dev.kurier.spring.listener;

import dev.kurier.client.common.Header;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.spring.convert.PayloadConverter;
import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.GenericMessage;

/**
 * spring-messaging {@link Message} listener parameters: the converted value as payload, the record's headers (raw
 * bytes) and its coordinates as message headers ({@link #TOPIC}, {@link #PARTITION}, {@link #OFFSET},
 * {@link #TIMESTAMP}, {@link #KEY}). Only loaded when a listener takes a {@code Message}, so spring-messaging stays
 * optional. A tombstone (null value) cannot be a message payload and fails the call.
 */
final class MessageArguments {

    /** Message header: the record's topic. */
    static final String TOPIC = "kurier_receivedTopic";
    /** Message header: the record's partition. */
    static final String PARTITION = "kurier_receivedPartition";
    /** Message header: the record's offset. */
    static final String OFFSET = "kurier_offset";
    /** Message header: the record's timestamp. */
    static final String TIMESTAMP = "kurier_receivedTimestamp";
    /** Message header: the record's key (raw bytes), when it has one. */
    static final String KEY = "kurier_receivedKey";

    private MessageArguments() {
    }

    static BiFunction<List<ConsumerRecord<byte[], byte[]>>, Acknowledgment, Object> resolver(Type payloadType,
                                                                                            PayloadConverter conv) {
        return (records, ack) -> {
            ConsumerRecord<byte[], byte[]> r = records.get(0);
            Object payload = conv.fromBytes(r.topic(), r.value(), payloadType);
            if (payload == null) {
                throw new IllegalArgumentException("record " + r.topic() + "-" + r.partition() + "@" + r.offset()
                        + " is a tombstone (null value), which cannot be a Message payload; take the value or the "
                        + "ConsumerRecord instead");
            }
            Map<String, Object> headers = new LinkedHashMap<>();
            for (Header h : r.headers()) {
                headers.put(h.key(), h.value());
            }
            headers.put(TOPIC, r.topic());
            headers.put(PARTITION, r.partition());
            headers.put(OFFSET, r.offset());
            headers.put(TIMESTAMP, r.timestamp());
            if (r.key() != null) {
                headers.put(KEY, r.key());
            }
            return new GenericMessage<>(payload, headers);
        };
    }
}
