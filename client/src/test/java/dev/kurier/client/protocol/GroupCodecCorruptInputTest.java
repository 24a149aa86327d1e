package dev.kurier.client.protocol;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

/** Lengths read off the wire that do not fit the frame are protocol errors, never allocations or index errors. */
class GroupCodecCorruptInputTest {

    private static void assertProtocolError(ByteBuf in, KafkaOracle.Reader<?> reader, short version, String message) {
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
        in.writeBoolean(false);
        Primitives.writeCompactString(in, "member");
        Primitives.writeUnsignedVarint(in, Integer.MAX_VALUE); // members: 2^31 - 2 of them
        assertProtocolError(in, JoinGroupResponse::read, (short) 9, "compact array");
    }

    @Test
    void hugeCompactStringLengthIsRefused() {
        ByteBuf in = Unpooled.buffer();
        Primitives.writeUnsignedVarint(in, 1 << 30);
        in.writeBytes(new byte[16]);
        assertProtocolError(in, HeartbeatRequest::read, (short) 4, "compact string");
    }

    @Test
    void hugeCompactBytesLengthIsRefused() {
        ByteBuf in = Unpooled.buffer();
        Primitives.writeUnsignedVarint(in, 1 << 28);
        in.writeBytes(new byte[8]);
        assertProtocolError(in, SaslAuthenticateRequest::read, (short) 2, "compact bytes");
    }

    @Test
    void nullWhereTheSchemaForbidsItIsRefused() {
        ByteBuf in = Unpooled.buffer();
        in.writeInt(0); // throttle
        Primitives.writeCompactArrayLength(in, -1); // null coordinators
        Primitives.writeEmptyTaggedFields(in);
        assertProtocolError(in, FindCoordinatorResponse::read, (short) 4, "FindCoordinatorResponse.coordinators");
    }

    @Test
    void hugeClassicArrayLengthIsRefused() {
        ByteBuf in = Unpooled.buffer();
        in.writeShort(0);
        in.writeInt(Integer.MAX_VALUE);
        in.writeBytes(new byte[4]);
        assertProtocolError(in, SaslHandshakeResponse::read, (short) 1, "array");
    }

    @Test
    void overlongVarintIsRefused() {
        ByteBuf in = Unpooled.buffer();
        in.writeBytes(new byte[] {-1, -1, -1, -1, -1, -1, 0});
        assertProtocolError(in, DescribeGroupsRequest::read, (short) 5, "varint");
    }
}
