package dev.kurier.client.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * A consumer's subscription, carried as JoinGroup protocol metadata (one per assignor), versions 0-3.
 *
 * @param topics          the subscribed topics
 * @param userData        assignor-specific data, nullable; not copied
 * @param ownedPartitions the partitions the member owns now (v1+; default empty)
 * @param generationId    the generation those partitions were owned in (v2+; default -1)
 * @param rackId          the member's rack, nullable (v3+; default null)
 */
public record ConsumerProtocolSubscription(List<String> topics, byte[] userData,
        List<ConsumerProtocol.TopicPartitions> ownedPartitions, int generationId, String rackId) {

    /** Copies the lists. */
    public ConsumerProtocolSubscription {
        topics = Fields.copyOrEmpty(topics);
        ownedPartitions = Fields.copyOrEmpty(ownedPartitions);
    }

    /** Writes the int16 version and then the fields {@code version} carries. */
    public void write(ByteBuf out, short version) {
        ConsumerProtocol.checkWriteVersion("ConsumerProtocolSubscription", version);
        if (version < 1) {
            VersionRules.requireDefault(ownedPartitions.isEmpty(), "ConsumerProtocolSubscription.ownedPartitions",
                    version, "v1+");
        }
        if (version < 2) {
            VersionRules.requireDefault(generationId == -1, "ConsumerProtocolSubscription.generationId", version, "v2+");
        }
        if (version < 3) {
            VersionRules.requireDefault(rackId == null, "ConsumerProtocolSubscription.rackId", version, "v3+");
        }
        out.writeShort(version);
        Fields.writeStringArray(out, topics, "ConsumerProtocolSubscription.topics");
        Primitives.writeNullableBytes(out, userData);
        if (version >= 1) {
            ConsumerProtocol.TopicPartitions.writeArray(out, ownedPartitions,
                    "ConsumerProtocolSubscription.ownedPartitions");
        }
        if (version >= 2) {
            out.writeInt(generationId);
        }
        if (version >= 3) {
            Primitives.writeNullableString(out, rackId);
        }
    }

    /** This subscription's bytes at {@code version}, ready for {@link JoinGroupRequest.Protocol#metadata()}. */
    public byte[] toBytes(short version) {
        return ConsumerProtocol.toBytes(buf -> write(buf, version));
    }

    /**
     * Reads a subscription of any version from 0 up: fields newer than v3 are left unread, as Kafka's
     * compatibility rule for this protocol requires.
     */
    public static ConsumerProtocolSubscription read(ByteBuf in) {
        short version = ConsumerProtocol.readVersion(in, "ConsumerProtocolSubscription");
        List<String> topics = Fields.readStringArray(in, "ConsumerProtocolSubscription.topics");
        byte[] userData = Primitives.readNullableBytes(in);
        List<ConsumerProtocol.TopicPartitions> owned = List.of();
        if (version >= 1) {
            owned = ConsumerProtocol.TopicPartitions.readArray(in, "ConsumerProtocolSubscription.ownedPartitions");
        }
        int generationId = version >= 2 ? Fields.readInt32(in, "ConsumerProtocolSubscription.generationId") : -1;
        String rackId = version >= 3 ? Primitives.readNullableString(in) : null;
        return new ConsumerProtocolSubscription(topics, userData, owned, generationId, rackId);
    }

    /** Reads a subscription from JoinGroup metadata bytes. */
    public static ConsumerProtocolSubscription fromBytes(byte[] bytes) {
        return ConsumerProtocol.fromBytes(bytes, ConsumerProtocolSubscription::read);
    }
}
