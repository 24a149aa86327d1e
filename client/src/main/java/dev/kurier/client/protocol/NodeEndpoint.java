package dev.kurier.client.protocol;

import io.netty.buffer.ByteBuf;
import java.util.Collections;
import java.util.List;

/**
 * A broker endpoint carried in the NodeEndpoints tagged field of Produce v10+ and Fetch v16+ responses, so a
 * client can reach a new leader without waiting for a metadata refresh.
 *
 * @param rack the broker's rack, or null
 */
public record NodeEndpoint(int nodeId, String host, int port, String rack) {

    int size() {
        return 4 + Fields.sizeOfCompactString(host) + 4 + Fields.sizeOfCompactString(rack) + 1;
    }

    void write(ByteBuf out) {
        out.writeInt(nodeId);
        Primitives.writeCompactString(out, host);
        out.writeInt(port);
        Primitives.writeCompactNullableString(out, rack);
        Primitives.writeEmptyTaggedFields(out);
    }

    static NodeEndpoint read(ByteBuf in) {
        int nodeId = Fields.readInt32(in, "NodeEndpoint.NodeId");
        String host = Primitives.readCompactString(in);
        int port = Fields.readInt32(in, "NodeEndpoint.Port");
        String rack = Primitives.readCompactNullableString(in);
        Primitives.skipTaggedFields(in);
        return new NodeEndpoint(nodeId, host, port, rack);
    }

    /**
     * Writes the top-level tagged-field section of a response whose only tagged field is NodeEndpoints (tag 0):
     * the endpoints when there are any, else an empty section. The caller checks the version carries them.
     */
    static void writeTaggedFields(ByteBuf out, List<NodeEndpoint> endpoints) {
        if (endpoints.isEmpty()) {
            Primitives.writeEmptyTaggedFields(out);
            return;
        }
        out.writeByte(1);
        Primitives.writeTagHeader(out, 0, sizeOfArray(endpoints));
        Fields.writeCompactArray(out, endpoints, (o, e) -> e.write(o));
    }

    /**
     * Reads the tagged-field section {@link #writeTaggedFields} writes: the endpoints, or an empty list when absent
     * or when the version does not {@code carry} them (every tag is then skipped).
     */
    static List<NodeEndpoint> readTaggedFields(ByteBuf in, boolean carry) {
        return Fields.readTaggedField(in, carry ? 0 : Fields.NO_TAG, NodeEndpoint::readArray, List.of());
    }

    private static int sizeOfArray(List<NodeEndpoint> endpoints) {
        int size = Primitives.sizeOfUnsignedVarint(endpoints.size() + 1);
        for (NodeEndpoint e : endpoints) {
            size += e.size();
        }
        return size;
    }

    private static List<NodeEndpoint> readArray(ByteBuf in) {
        return Collections.unmodifiableList(Fields.readCompactArray(in, "NodeEndpoints", NodeEndpoint::read));
    }
}
