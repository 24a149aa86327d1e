package dev.kurier.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kurier.client.common.Header;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.spring.KurierProperties.AckMode;
import dev.kurier.spring.annotation.Headers;
import dev.kurier.spring.annotation.Key;
import dev.kurier.spring.annotation.Offset;
import dev.kurier.spring.annotation.Partition;
import dev.kurier.spring.annotation.Payload;
import dev.kurier.spring.annotation.Timestamp;
import dev.kurier.spring.annotation.Topic;
import dev.kurier.spring.convert.DefaultPayloadConverter;
import dev.kurier.spring.convert.JacksonJsonCodec;
import dev.kurier.spring.convert.PayloadConversionException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class ListenerMethodAdapterTest {

    record Order(String id, int qty) {
    }

    static final class Listeners {
        final List<Object> calls = new ArrayList<>();

        void plain(String value) {
            calls.add(value);
        }

        void everything(@Payload Order order, @Key String key, @dev.kurier.spring.annotation.Header("trace") String trace,
                        @dev.kurier.spring.annotation.Header("bin") byte[] bin, @Headers Map<String, String> headers,
                        List<Header> headerList, @Partition int partition, @Offset long offset, @Topic String topic,
                        @Timestamp long ts, TopicPartition tp, Acknowledgment ack) {
            calls.addAll(Arrays.asList(order, key, trace, new String(bin), headers, headerList.size(), partition, offset,
                    topic, ts, tp, ack));
        }

        void record(ConsumerRecord<String, Order> record) {
            calls.add(record);
        }

        void rawRecord(ConsumerRecord<?, ?> record) {
            calls.add(record.value());
        }

        void batch(List<Order> orders, Acknowledgment ack) {
            calls.add(orders);
            ack.acknowledge();
        }

        void batchRecords(List<ConsumerRecord<String, String>> records) {
            calls.add(records);
        }

        void requiredHeader(String v, @dev.kurier.spring.annotation.Header(value = "must", required = true) String h) {
            calls.add(h);
        }

        void fails(String v) {
            throw new IllegalArgumentException("bad order " + v);
        }

        void twoPayloads(String a, String b) {
        }

        void primitive(int x) {
        }

        void badPartitionType(@Partition String p) {
        }

        void manual(String v) {
        }

        void batchWithKey(@Key List<String> keys) {
        }

        void springMessaging(@org.springframework.messaging.handler.annotation.Payload Order order,
                             @org.springframework.messaging.handler.annotation.Header("trace") String trace,
                             @org.springframework.messaging.handler.annotation.Header(name = "missing", required = false)
                             String missing,
                             @org.springframework.messaging.handler.annotation.Headers Map<String, Object> headers) {
            calls.addAll(Arrays.asList(order, trace, missing, headers.keySet()));
        }

        void message(org.springframework.messaging.Message<Order> message) {
            calls.add(message);
        }

        void validated(@org.springframework.validation.annotation.Validated Order order) {
            calls.add(order);
        }
    }

    private final Listeners bean = new Listeners();
    private final DefaultPayloadConverter converter = new DefaultPayloadConverter(new JacksonJsonCodec(JsonMapper.shared()));

    private ListenerMethodAdapter adapter(String name, boolean batch, AckMode mode) {
        for (Method m : Listeners.class.getDeclaredMethods()) {
            if (m.getName().equals(name)) {
                return new ListenerMethodAdapter(bean, m, batch, mode, converter);
            }
        }
        throw new AssertionError(name);
    }

    private static final Acknowledgment ACK = () -> {
    };

    @Test
    void stringPayload() throws Exception {
        adapter("plain", false, AckMode.AUTO).handle(List.of(FakeLog.record("t", 0, 5, "k", "hello")), ACK);
        assertThat(bean.calls).containsExactly("hello");
    }

    @Test
    void everyParameterKindInOneMethod() throws Exception {
        ConsumerRecord<byte[], byte[]> r = FakeLog.record("orders", 2, 42, "key-1", "{\"id\":\"o-1\",\"qty\":3}",
                Header.of("trace", "abc"), Header.of("bin", "xyz"), Header.of("trace", "last"));
        adapter("everything", false, AckMode.AUTO).handle(List.of(r), ACK);
        assertThat(bean.calls).containsExactly(new Order("o-1", 3), "key-1", "last", "xyz",
                Map.of("trace", "last", "bin", "xyz"), 3, 2, 42L, "orders", 1_700_000_000_042L,
                new TopicPartition("orders", 2), ACK);
    }

    @Test
    void consumerRecordWithConvertedKeyAndValue() throws Exception {
        adapter("record", false, AckMode.AUTO).handle(List.of(FakeLog.record("t", 1, 7, "k", "{\"id\":\"a\",\"qty\":1}")), ACK);
        @SuppressWarnings("unchecked")
        ConsumerRecord<String, Order> got = (ConsumerRecord<String, Order>) bean.calls.get(0);
        assertThat(got.key()).isEqualTo("k");
        assertThat(got.value()).isEqualTo(new Order("a", 1));
        assertThat(got.offset()).isEqualTo(7);
        assertThat(got.partition()).isEqualTo(1);
    }

    @Test
    void wildcardConsumerRecordGetsRawBytes() throws Exception {
        adapter("rawRecord", false, AckMode.AUTO).handle(List.of(FakeLog.record("t", 1, 7, "k", "v")), ACK);
        assertThat(bean.calls.get(0)).isEqualTo("v".getBytes());
    }

    @Test
    void batchOfPayloadsAndOfRecords() throws Exception {
        List<ConsumerRecord<byte[], byte[]>> records = List.of(FakeLog.record("t", 0, 0, "a", "{\"id\":\"x\",\"qty\":1}"),
                FakeLog.record("t", 0, 1, "b", "{\"id\":\"y\",\"qty\":2}"));
        boolean[] acked = {false};
        adapter("batch", true, AckMode.MANUAL).handle(records, () -> acked[0] = true);
        assertThat(bean.calls.get(0)).isEqualTo(List.of(new Order("x", 1), new Order("y", 2)));
        assertThat(acked[0]).isTrue();
        adapter("batchRecords", true, AckMode.AUTO).handle(records, ACK);
        @SuppressWarnings("unchecked")
        List<ConsumerRecord<String, String>> got = (List<ConsumerRecord<String, String>>) bean.calls.get(1);
        assertThat(got).extracting(ConsumerRecord::key).containsExactly("a", "b");
        assertThat(got).extracting(ConsumerRecord::value).containsExactly("{\"id\":\"x\",\"qty\":1}", "{\"id\":\"y\",\"qty\":2}");
    }

    @Test
    void listenerExceptionsAndConversionFailuresPropagateToTheContainer() {
        assertThatThrownBy(() -> adapter("fails", false, AckMode.AUTO).handle(List.of(FakeLog.record("t", 0, 0, null, "o")), ACK))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("bad order o");
        assertThatThrownBy(() -> adapter("record", false, AckMode.AUTO).handle(List.of(FakeLog.record("t", 0, 0, null, "{no json")), ACK))
                .isInstanceOf(PayloadConversionException.class).hasMessageContaining("from topic t")
                .hasMessageContaining("Order");
        assertThatThrownBy(() -> adapter("requiredHeader", false, AckMode.AUTO).handle(List.of(FakeLog.record("t", 0, 9, null, "o")), ACK))
                .hasMessageContaining("t-0@9 has no header 'must'");
    }

    @Test
    void unresolvableParametersFailWhenTheAdapterIsBuilt() {
        assertThatThrownBy(() -> adapter("twoPayloads", false, AckMode.AUTO))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Listeners.twoPayloads").hasMessageContaining("parameter 1").hasMessageContaining("second payload");
        assertThatThrownBy(() -> adapter("primitive", false, AckMode.AUTO)).hasMessageContaining("primitive");
        assertThatThrownBy(() -> adapter("badPartitionType", false, AckMode.AUTO)).hasMessageContaining("@Partition needs");
        assertThatThrownBy(() -> adapter("manual", false, AckMode.MANUAL))
                .hasMessageContaining("Listeners.manual uses ack mode MANUAL but has no Acknowledgment parameter");
        assertThatThrownBy(() -> adapter("batchWithKey", true, AckMode.AUTO)).hasMessageContaining("a batch listener takes");
        assertThatThrownBy(() -> adapter("plain", true, AckMode.AUTO)).hasMessageContaining("a batch listener takes");
    }

    @Test
    void aPayloadThatNeedsJsonFailsAtStartupWithoutJackson() throws Exception {
        DefaultPayloadConverter noJson = new DefaultPayloadConverter(null);
        Listeners l = new Listeners();
        for (String name : List.of("record", "batch")) {
            Method m = Arrays.stream(Listeners.class.getDeclaredMethods()).filter(x -> x.getName().equals(name))
                    .findFirst().orElseThrow();
            assertThatThrownBy(() -> new ListenerMethodAdapter(l, m, name.equals("batch"), AckMode.AUTO, noJson))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Listeners." + name)
                    .hasMessageContaining("Order")
                    .hasMessageContaining("tools.jackson.core:jackson-databind");
        }
        // Strings and bytes need no JSON.
        Method plain = Listeners.class.getDeclaredMethod("plain", String.class);
        new ListenerMethodAdapter(l, plain, false, AckMode.AUTO, noJson);
    }

    @Test
    void springMessagingAnnotationsAreRecognised() throws Exception {
        ConsumerRecord<byte[], byte[]> r = FakeLog.record("orders", 2, 42, "key-1", "{\"id\":\"o-1\",\"qty\":3}",
                Header.of("trace", "abc"));
        adapter("springMessaging", false, AckMode.AUTO).handle(List.of(r), ACK);
        assertThat(bean.calls).containsExactly(new Order("o-1", 3), "abc", null, java.util.Set.of("trace"));
    }

    @Test
    void messageParametersCarryThePayloadHeadersAndCoordinates() throws Exception {
        ConsumerRecord<byte[], byte[]> r = FakeLog.record("orders", 2, 42, "key-1", "{\"id\":\"o-1\",\"qty\":3}",
                Header.of("trace", "abc"));
        adapter("message", false, AckMode.AUTO).handle(List.of(r), ACK);
        @SuppressWarnings("unchecked")
        org.springframework.messaging.Message<Order> m = (org.springframework.messaging.Message<Order>) bean.calls.get(0);
        assertThat(m.getPayload()).isEqualTo(new Order("o-1", 3));
        assertThat(m.getHeaders()).containsEntry("kurier_receivedTopic", "orders")
                .containsEntry("kurier_receivedPartition", 2).containsEntry("kurier_offset", 42L);
        assertThat((byte[]) m.getHeaders().get("trace")).asString().isEqualTo("abc");
        assertThat((byte[]) m.getHeaders().get("kurier_receivedKey")).asString().isEqualTo("key-1");
    }

    @Test
    void validatedPayloadsThatAreNotValidFailTheRecordWithoutARetry() throws Exception {
        org.springframework.validation.Validator positive = new org.springframework.validation.Validator() {
            @Override
            public boolean supports(Class<?> clazz) {
                return clazz == Order.class;
            }

            @Override
            public void validate(Object target, org.springframework.validation.Errors errors) {
                if (((Order) target).qty() <= 0) {
                    errors.rejectValue("qty", "positive", "must be positive");
                }
            }
        };
        Method m = Listeners.class.getDeclaredMethod("validated", Order.class);
        ListenerMethodAdapter adapter = new ListenerMethodAdapter(bean, m, false, AckMode.AUTO, converter, null, positive);
        adapter.handle(List.of(FakeLog.record("orders", 0, 1, "k", "{\"id\":\"a\",\"qty\":2}")), ACK);
        assertThat(bean.calls).containsExactly(new Order("a", 2));
        assertThatThrownBy(() -> adapter.handle(List.of(FakeLog.record("orders", 0, 2, "k",
                "{\"id\":\"b\",\"qty\":0}")), ACK))
                .isInstanceOf(dev.kurier.spring.convert.PayloadValidationException.class)
                .hasMessageContaining("qty: must be positive").hasMessageContaining("orders");
        assertThat(new RetryingErrorHandler(BackOff.fixed(java.time.Duration.ofMillis(1), 3), java.util.Set.of(),
                (id, r, e, n) -> { }).retryDelay(1, new dev.kurier.spring.convert.PayloadValidationException("x")))
                .as("not retried").isNull();
        assertThat(bean.calls).hasSize(1);
    }
}
