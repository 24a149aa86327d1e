package dev.kurier.client.protocol;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
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

    /** Serialized size of a NodeEndpoints array (the tagged field's value). */
    static int sizeOfArray(List<NodeEndpoint> endpoints) {
        int size = Primitives.sizeOfUnsignedVarint(endpoints.size() + 1);
        for (NodeEndpoint e : endpoints) {
            size += e.size();
        }
        return size;
    }

    static void writeArray(ByteBuf out, List<NodeEndpoint> endpoints) {
        Primitives.writeCompactArrayLength(out, endpoints.size());
        for (NodeEndpoint e : endpoints) {
            e.write(out);
        }
    }

    static List<NodeEndpoint> readArray(ByteBuf in) {
        int n = Fields.readNonNullArrayLength(in, "NodeEndpoints");
        List<NodeEndpoint> endpoints = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            endpoints.add(read(in));
        }
        return Collections.unmodifiableList(endpoints);
    }
}
