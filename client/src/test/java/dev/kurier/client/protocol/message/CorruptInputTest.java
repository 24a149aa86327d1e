package dev.kurier.client.protocol.message;

import dev.kurier.client.protocol.Primitives;
import dev.kurier.client.protocol.ProtocolException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

/** Lengths read off the wire that do not fit the frame are protocol errors, never allocations or index errors. */
class CorruptInputTest {

    /** A generated type's read method. */
    @FunctionalInterface
    interface Reader {
        Object read(ByteBuf in, short version);
    }

    private static void assertProtocolError(ByteBuf in, Reader reader, short version, String message) {
        try {
            assertThatThrownBy(() -> reader.read(in, version)).isInstanceOf(ProtocolException.class)
                    .hasMessageContaining(message);
        } finally {
            in.release();
        }
    }

    @Test
    void hugeCompactArrayLengthIsRefused() {
        ByteBuf in = Unpooled.buffer();
        in.writeInt(0); // throttle
        in.writeShort(0); // error
        in.writeInt(1); // generation
        Primitives.writeCompactNullableString(in, null); // protocol type
        Primitives.writeCompactNullableString(in, "range");
        Primitives.writeCompactString(in, "leader");
        in.writeBoolean(false); // skip assignment
        Primitives.writeCompactString(in, "member");
        Primitives.writeUnsignedVarint(in, Integer.MAX_VALUE); // members: 2^31 - 2 of them
        assertProtocolError(in, JoinGroupResponse::read, (short) 9, "JoinGroupResponse.Members");
    }

    @Test
    void hugeCompactStringLengthIsRefused() {
        ByteBuf in = Unpooled.buffer();
        Primitives.writeUnsignedVarint(in, 1 << 30);
        in.writeBytes(new byte[16]);
        assertProtocolError(in, HeartbeatRequest::read, (short) 4, "HeartbeatRequest.GroupId");
    }

    @Test
    void hugeCompactBytesLengthIsRefused() {
        ByteBuf in = Unpooled.buffer();
        Primitives.writeUnsignedVarint(in, 1 << 28);
        in.writeBytes(new byte[8]);
        assertProtocolError(in, SaslAuthenticateRequest::read, (short) 2, "SaslAuthenticateRequest.AuthBytes");
    }

    @Test
    void nullWhereTheSchemaForbidsItIsRefused() {
        ByteBuf in = Unpooled.buffer();
        in.writeInt(0); // throttle
        Primitives.writeCompactArrayLength(in, -1); // null coordinators
        Primitives.writeEmptyTaggedFields(in);
        assertProtocolError(in, FindCoordinatorResponse::read, (short) 4, "FindCoordinatorResponse.Coordinators");
    }

    @Test
    void hugeClassicArrayLengthIsRefused() {
        ByteBuf in = Unpooled.buffer();
        in.writeShort(0);
        in.writeInt(Integer.MAX_VALUE);
        in.writeBytes(new byte[4]);
        assertProtocolError(in, SaslHandshakeResponse::read, (short) 1, "SaslHandshakeResponse.Mechanisms");
    }

    @Test
    void overlongVarintIsRefused() {
        ByteBuf in = Unpooled.buffer();
        in.writeBytes(new byte[] {-1, -1, -1, -1, -1, -1, 0});
        assertProtocolError(in, DescribeGroupsRequest::read, (short) 5, "varint");
    }
}
