package dev.kurier.client.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The consumer embedded protocol against kafka-clients' {@code ConsumerProtocol}, which sorts topics and
 * owned partitions and groups partitions per topic in order of appearance; the values below follow that.
 */
class ConsumerProtocolCodecTest {

    private static final byte[] USER_DATA = {0, 1, 2, 3, 4, 5, 6, 7};

    private static ConsumerProtocolSubscription ourSubscription(short v, boolean nulls) {
        return new ConsumerProtocolSubscription(List.of("a-topic", "b-topic"), nulls ? null : USER_DATA,
                v >= 1 && !nulls ? List.of(new ConsumerProtocol.TopicPartitions("a-topic", List.of(0, 2)),
                        new ConsumerProtocol.TopicPartitions("b-topic", List.of(1))) : List.of(),
                v >= 2 && !nulls ? 9 : -1, v >= 3 && !nulls ? "rack-1" : null);
    }

    private static ConsumerPartitionAssignor.Subscription kafkaSubscription(boolean nulls) {
        return new ConsumerPartitionAssignor.Subscription(List.of("b-topic", "a-topic"),
                nulls ? null : ByteBuffer.wrap(USER_DATA),
                nulls ? List.of() : List.of(new TopicPartition("b-topic", 1), new TopicPartition("a-topic", 2),
                        new TopicPartition("a-topic", 0)),
                nulls ? -1 : 9, nulls ? Optional.empty() : Optional.of("rack-1"));
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    private static <T> T readOurs(byte[] bytes, java.util.function.Function<ByteBuf, T> reader) {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        try {
            return reader.apply(buf);
        } finally {
            buf.release();
        }
    }

    @ParameterizedTest
    @ValueSource(shorts = {0, 1, 2, 3})
    void subscriptionMatchesKafka(short v) {
        for (boolean nulls : new boolean[] {false, true}) {
            ConsumerProtocolSubscription ours = ourSubscription(v, nulls);
            byte[] theirs = bytes(org.apache.kafka.clients.consumer.internals.ConsumerProtocol.serializeSubscription(
                    kafkaSubscription(nulls), v));
            byte[] mine = ours.toBytes(v);
            assertThat(KafkaOracle.hex(mine)).as("bytes at v%d", v).isEqualTo(KafkaOracle.hex(theirs));

            assertThat(ConsumerProtocolSubscription.fromBytes(theirs)).usingRecursiveComparison().isEqualTo(ours);

            ConsumerPartitionAssignor.Subscription back = org.apache.kafka.clients.consumer.internals.ConsumerProtocol
                    .deserializeSubscription(ByteBuffer.wrap(mine));
            assertThat(back.topics()).containsExactly("a-topic", "b-topic");
            assertThat(back.userData() == null ? null : bytes(back.userData())).isEqualTo(ours.userData());
            assertThat(back.ownedPartitions()).containsExactlyElementsOf(v >= 1 && !nulls
                    ? List.of(new TopicPartition("a-topic", 0), new TopicPartition("a-topic", 2),
                            new TopicPartition("b-topic", 1))
                    : List.of());
            assertThat(back.generationId()).isEqualTo(v >= 2 && !nulls ? Optional.of(9) : Optional.empty());
            assertThat(back.rackId()).isEqualTo(v >= 3 && !nulls ? Optional.of("rack-1") : Optional.empty());

            KafkaOracle.assertTruncationsFail(theirs, (in, ignored) -> ConsumerProtocolSubscription.read(in), v);
        }
    }

    private static ConsumerProtocolAssignment ourAssignment(boolean nulls) {
        return new ConsumerProtocolAssignment(nulls ? List.of() : List.of(
                new ConsumerProtocol.TopicPartitions("b-topic", List.of(1)),
                new ConsumerProtocol.TopicPartitions("a-topic", List.of(2, 0))), nulls ? null : USER_DATA);
    }

    private static ConsumerPartitionAssignor.Assignment kafkaAssignment(boolean nulls) {
        return new ConsumerPartitionAssignor.Assignment(nulls ? List.of() : List.of(new TopicPartition("b-topic", 1),
                new TopicPartition("a-topic", 2), new TopicPartition("a-topic", 0)),
                nulls ? null : ByteBuffer.wrap(USER_DATA));
    }

    @ParameterizedTest
    @ValueSource(shorts = {0, 1, 2, 3})
    void assignmentMatchesKafka(short v) {
        for (boolean nulls : new boolean[] {false, true}) {
            ConsumerProtocolAssignment ours = ourAssignment(nulls);
            byte[] theirs = bytes(org.apache.kafka.clients.consumer.internals.ConsumerProtocol.serializeAssignment(
                    kafkaAssignment(nulls), v));
            byte[] mine = ours.toBytes(v);
            assertThat(KafkaOracle.hex(mine)).as("bytes at v%d", v).isEqualTo(KafkaOracle.hex(theirs));

            assertThat(ConsumerProtocolAssignment.fromBytes(theirs)).usingRecursiveComparison().isEqualTo(ours);

            ConsumerPartitionAssignor.Assignment back = org.apache.kafka.clients.consumer.internals.ConsumerProtocol
                    .deserializeAssignment(ByteBuffer.wrap(mine));
            assertThat(back.partitions()).containsExactlyElementsOf(kafkaAssignment(nulls).partitions());
            assertThat(back.userData() == null ? null : bytes(back.userData())).isEqualTo(ours.userData());

            KafkaOracle.assertTruncationsFail(theirs, (in, ignored) -> ConsumerProtocolAssignment.read(in), v);
        }
    }

    /** A v3 body behind a newer version number, followed by fields of that newer version. */
    private static byte[] asNewerVersion(byte[] v3Bytes, short version) {
        ByteBuf buf = Unpooled.buffer();
        try {
            buf.writeBytes(v3Bytes);
            buf.setShort(0, version);
            buf.writeInt(0xCAFE);
            Primitives.writeNullableString(buf, "a field from the future");
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            return bytes;
        } finally {
            buf.release();
        }
    }

    @Test
    void newerSubscriptionVersionsAreReadAsTheFieldsWeKnow() {
        ConsumerProtocolSubscription v3 = ourSubscription((short) 3, false);
        byte[] v7 = asNewerVersion(v3.toBytes((short) 3), (short) 7);

        assertThat(readOurs(v7, ConsumerProtocolSubscription::read)).usingRecursiveComparison().isEqualTo(v3);
        // kafka-clients reads the same bytes to the same values.
        ConsumerPartitionAssignor.Subscription theirs = org.apache.kafka.clients.consumer.internals.ConsumerProtocol
                .deserializeSubscription(ByteBuffer.wrap(v7));
        assertThat(theirs.rackId()).contains("rack-1");
        assertThat(theirs.generationId()).contains(9);
    }

    @Test
    void newerAssignmentVersionsAreReadAsTheFieldsWeKnow() {
        ConsumerProtocolAssignment v3 = ourAssignment(false);
        byte[] v4 = asNewerVersion(v3.toBytes((short) 3), (short) 4);

        assertThat(readOurs(v4, ConsumerProtocolAssignment::read)).usingRecursiveComparison().isEqualTo(v3);
        assertThat(org.apache.kafka.clients.consumer.internals.ConsumerProtocol.deserializeAssignment(
                ByteBuffer.wrap(v4)).partitions()).containsExactlyElementsOf(kafkaAssignment(false).partitions());
    }

    @Test
    void badInputIsAProtocolException() {
        assertThatThrownBy(() -> ConsumerProtocolSubscription.fromBytes(new byte[] {-1, -1, 0, 0, 0, 0}))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("negative version");
        assertThatThrownBy(() -> ConsumerProtocolAssignment.fromBytes(new byte[0])).isInstanceOf(ProtocolException.class);
        // An array length far beyond the bytes left must not size a list.
        assertThatThrownBy(() -> ConsumerProtocolSubscription.fromBytes(new byte[] {0, 0, 0x7f, -1, -1, -1}))
                .isInstanceOf(ProtocolException.class);
        // A null topic list is not allowed by the schema.
        assertThatThrownBy(() -> ConsumerProtocolAssignment.fromBytes(new byte[] {0, 0, -1, -1, -1, -1, -1, -1, -1, -1}))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("assignedPartitions");
    }

    @Test
    void fieldsTheVersionCannotCarryAreRefused() {
        ConsumerProtocolSubscription full = ourSubscription((short) 3, false);
        assertThatThrownBy(() -> full.toBytes((short) 2)).isInstanceOf(UnsupportedVersionException.class)
                .hasMessageContaining("rackId").hasMessageContaining("v2");
        assertThatThrownBy(() -> ourSubscription((short) 2, false).toBytes((short) 1))
                .isInstanceOf(UnsupportedVersionException.class).hasMessageContaining("generationId");
        assertThatThrownBy(() -> ourSubscription((short) 1, false).toBytes((short) 0))
                .isInstanceOf(UnsupportedVersionException.class).hasMessageContaining("ownedPartitions");
        assertThatThrownBy(() -> full.toBytes((short) 4)).isInstanceOf(UnsupportedVersionException.class)
                .hasMessageContaining("v4");
        assertThatThrownBy(() -> ourAssignment(false).toBytes((short) -1)).isInstanceOf(UnsupportedVersionException.class);
        assertThat(ConsumerProtocol.PROTOCOL_TYPE)
                .isEqualTo(org.apache.kafka.clients.consumer.internals.ConsumerProtocol.PROTOCOL_TYPE);
    }
}
