package dev.kurier.client.network;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A broker's host and port, as given in {@code bootstrap.servers} or advertised in metadata. */
public record Endpoint(String host, int port) {

    /** Validates the host and port. */
    public Endpoint {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("broker host is empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("broker port " + port + " is out of range for host " + host);
        }
    }

    /**
     * Parses {@code host:port} ({@code [v6addr]:port} for IPv6).
     *
     * @throws IllegalArgumentException naming the bad entry
     */
    public static Endpoint parse(String hostPort) {
        String s = hostPort.trim();
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            throw new IllegalArgumentException("'" + hostPort + "' is not HOST:PORT");
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + hostPort + "' has a port that is not a number");
        }
        return new Endpoint(host, port);
    }

    /** Parses a comma-separated list of {@code host:port} entries, skipping blanks. */
    public static List<Endpoint> parseList(String list) {
        List<Endpoint> out = new ArrayList<>();
        for (String part : list.split(",")) {
            if (!part.isBlank()) {
                out.add(parse(part));
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
