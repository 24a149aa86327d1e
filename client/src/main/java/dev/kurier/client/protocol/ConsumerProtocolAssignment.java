package dev.kurier.client.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * A consumer's assignment, carried in SyncGroup (sent by the leader, received by every member), versions 0-3.
 * All versions have the same fields; v2 and v3 exist to match the subscription's versions.
 *
 * @param assignedPartitions the partitions assigned, per topic
 * @param userData           assignor-specific data, nullable; not copied
 */
public record ConsumerProtocolAssignment(List<ConsumerProtocol.TopicPartitions> assignedPartitions, byte[] userData) {

    /** Copies the partition list. */
    public ConsumerProtocolAssignment {
        assignedPartitions = Fields.copyOrEmpty(assignedPartitions);
    }

    /** Writes the int16 version and then the fields. */
    public void write(ByteBuf out, short version) {
        ConsumerProtocol.checkWriteVersion("ConsumerProtocolAssignment", version);
        out.writeShort(version);
        ConsumerProtocol.TopicPartitions.writeArray(out, assignedPartitions,
                "ConsumerProtocolAssignment.assignedPartitions");
        Primitives.writeNullableBytes(out, userData);
    }

    /** This assignment's bytes at {@code version}, ready for {@link SyncGroupRequest.Assignment#assignment()}. */
    public byte[] toBytes(short version) {
        return ConsumerProtocol.toBytes(buf -> write(buf, version));
    }

    /**
     * Reads an assignment of any version from 0 up: fields newer than v3 are left unread, as Kafka's
     * compatibility rule for this protocol requires.
     */
    public static ConsumerProtocolAssignment read(ByteBuf in) {
        ConsumerProtocol.readVersion(in, "ConsumerProtocolAssignment");
        List<ConsumerProtocol.TopicPartitions> assigned = ConsumerProtocol.TopicPartitions.readArray(in,
                "ConsumerProtocolAssignment.assignedPartitions");
        byte[] userData = Primitives.readNullableBytes(in);
        return new ConsumerProtocolAssignment(assigned, userData);
    }

    /** Reads an assignment from SyncGroup assignment bytes. An empty array is a {@link ProtocolException}. */
    public static ConsumerProtocolAssignment fromBytes(byte[] bytes) {
        return ConsumerProtocol.fromBytes(bytes, ConsumerProtocolAssignment::read);
    }
}
