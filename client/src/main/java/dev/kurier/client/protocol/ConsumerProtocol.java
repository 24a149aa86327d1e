package dev.kurier.client.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The consumer's embedded protocol in classic groups: the protocol type a consumer puts in JoinGroup, the
 * versions of the {@link ConsumerProtocolSubscription} it sends as JoinGroup metadata and of the
 * {@link ConsumerProtocolAssignment} the leader sends back through SyncGroup.
 *
 * <p>Both use the classic (non-flexible) encoding behind an int16 version. A reader must accept versions
 * newer than it knows: newer versions only append fields, so the known ones are read and the rest ignored.
 */
public final class ConsumerProtocol {

    /** The JoinGroup protocol type of consumer groups. */
    public static final String PROTOCOL_TYPE = "consumer";
    /** The lowest subscription and assignment version. */
    public static final short MIN_VERSION = 0;
    /** The newest subscription and assignment version Kurier knows and writes. */
    public static final short LATEST_VERSION = 3;

    private ConsumerProtocol() {
    }

    /**
     * Partitions of one topic (owned partitions in a subscription, assigned ones in an assignment).
     *
     * @param topic      the topic name
     * @param partitions the partition indexes
     */
    public record TopicPartitions(String topic, List<Integer> partitions) {
        /** Copies the partition list. */
        public TopicPartitions {
            partitions = Fields.copyOrEmpty(partitions);
        }

        /** Writes a classic array of topic partitions; {@code field} names the array in errors. */
        static void writeArray(ByteBuf out, List<TopicPartitions> list, String field) {
            Fields.writeArray(out, list, (o, tp) -> {
                Fields.writeString(o, tp.topic(), field + ".topic");
                Fields.writeInt32Array(o, tp.partitions(), field + ".partitions");
            });
        }

        /** Reads a non-nullable classic array of topic partitions; {@code field} names the array in errors. */
        static List<TopicPartitions> readArray(ByteBuf in, String field) {
            return Fields.readArray(in, field, b -> {
                String topic = Fields.readString(b, field + ".topic");
                List<Integer> partitions = Fields.readInt32Array(b, field + ".partitions");
                return new TopicPartitions(topic, partitions);
            });
        }
    }

    /** Throws {@link UnsupportedVersionException} unless Kurier can write {@code version}. */
    static void checkWriteVersion(String message, short version) {
        if (version < MIN_VERSION || version > LATEST_VERSION) {
            throw new UnsupportedVersionException(message + " v" + version + " cannot be written: Kurier writes v"
                    + MIN_VERSION + "-" + LATEST_VERSION);
        }
    }

    /**
     * Reads {@code message}'s int16 version and returns the version to read the fields as: the one on the wire,
     * capped at {@link #LATEST_VERSION} because newer versions only add fields after the known ones.
     */
    static short readVersion(ByteBuf in, String message) {
        short wireVersion = Fields.readInt16(in, message + ".version");
        if (wireVersion < MIN_VERSION) {
            throw new ProtocolException(message + " has negative version " + wireVersion);
        }
        return (short) Math.min(wireVersion, LATEST_VERSION);
    }

    /** The bytes {@code writer} writes, for JoinGroup metadata and SyncGroup assignments. */
    static byte[] toBytes(Consumer<ByteBuf> writer) {
        ByteBuf buf = Unpooled.buffer();
        try {
            writer.accept(buf);
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    /** What {@code reader} reads from JoinGroup metadata or SyncGroup assignment bytes. */
    static <T> T fromBytes(byte[] bytes, Function<ByteBuf, T> reader) {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        try {
            return reader.apply(buf);
        } finally {
            buf.release();
        }
    }
}
