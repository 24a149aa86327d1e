package dev.kurier.spring.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kurier.client.common.Header;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.producer.Producer;
import dev.kurier.client.producer.ProducerRecord;
import dev.kurier.client.producer.RecordMetadata;
import dev.kurier.client.producer.RecordTooLargeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class KurierTemplateTest {

    /** Records what it is asked to send; acknowledges at offset = count, or fails as told. */
    static final class RecordingProducer implements Producer<String, String> {
        final List<ProducerRecord<String, String>> sent = new ArrayList<>();
        RuntimeException failWith;
        RuntimeException throwOnSend;
        int flushes;
        Duration closedWith;

        @Override
        public CompletableFuture<RecordMetadata> send(ProducerRecord<String, String> record) {
            if (throwOnSend != null) {
                throw throwOnSend;
            }
            sent.add(record);
            if (failWith != null) {
                return CompletableFuture.failedFuture(failWith);
            }
            int p = record.partition() == null ? 0 : record.partition();
            return CompletableFuture.completedFuture(new RecordMetadata(new TopicPartition(record.topic(), p), sent.size() - 1,
                    123L, -1, -1));
        }

        @Override
        public RecordMetadata sendSync(ProducerRecord<String, String> record) {
            return send(record).join();
        }

        @Override
        public void flush() {
            flushes++;
        }

        @Override
        public void close(Duration timeout) {
            closedWith = timeout;
        }

        @Override
        public void close() {
            close(Duration.ofSeconds(30));
        }
    }

    private final RecordingProducer producer = new RecordingProducer();

    @Test
    void everySendFormBuildsTheRightRecord() {
        KurierTemplate<String, String> t = new KurierTemplate<>(producer, "defaults", Duration.ofSeconds(3));
        SendResult<String, String> r1 = t.send("a", "v1").join();
        t.send("a", "k", "v2").join();
        t.send("a", 4, "k", "v3").join();
        t.send(new ProducerRecord<>("b", null, 99L, "k", "v4", List.of(Header.of("h", "x")))).join();
        t.sendDefault("v5").join();
        t.sendDefault("k", "v6").join();
        SendResult<String, String> r7 = t.sendDefault(1, "k", "v7").join();
        assertThat(producer.sent).extracting(ProducerRecord::topic).containsExactly("a", "a", "a", "b", "defaults",
                "defaults", "defaults");
        assertThat(producer.sent.get(0).key()).isNull();
        assertThat(producer.sent.get(1).key()).isEqualTo("k");
        assertThat(producer.sent.get(2).partition()).isEqualTo(4);
        assertThat(producer.sent.get(3).headers()).containsExactly(Header.of("h", "x"));
        assertThat(r1.record().value()).isEqualTo("v1");
        assertThat(r1.metadata().offset()).isZero();
        assertThat(r7.metadata().partition()).isEqualTo(new TopicPartition("defaults", 1));
        t.flush();
        assertThat(producer.flushes).isEqualTo(1);
        t.close();
        assertThat(producer.closedWith).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void failuresCompleteTheFutureWithTheTopicNamed() {
        KurierTemplate<String, String> t = new KurierTemplate<>(producer, null);
        producer.failWith = new RecordTooLargeException("big", 2_000_000, "max.request.size", 1_048_576);
        assertThatThrownBy(() -> t.send("big", "v").join()).isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(KurierSendException.class).hasMessageContaining("send to topic big failed")
                .hasMessageContaining("max.request.size").cause().isInstanceOf(RecordTooLargeException.class);
        producer.failWith = null;
        producer.throwOnSend = new IllegalStateException("producer is closed");
        CompletableFuture<SendResult<String, String>> f = t.send("x", "v");
        assertThat(f).isCompletedExceptionally();
        assertThatThrownBy(f::join).cause().isInstanceOf(KurierSendException.class).hasMessageContaining("producer is closed");
        assertThat(t.send("", "v")).isCompletedExceptionally();
        assertThatThrownBy(() -> t.sendDefault("v")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("kurier.template.default-topic");
    }
}
