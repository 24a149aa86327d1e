package dev.kurier.client.common;

import java.util.Objects;

/** A broker as the cluster metadata describes it. */
public record Node(int id, String host, int port, String rack) {

    /** Validates the host. */
    public Node {
        Objects.requireNonNull(host, "host");
    }

    /** {@code host:port}. */
    public String address() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }

    @Override
    public String toString() {
        return "broker " + id + " (" + address() + (rack == null ? "" : ", rack " + rack) + ")";
    }
}
