package dev.kurier.client.network;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a broker's host name into the addresses to try, in order ({@code client.dns.lookup=use_all_dns_ips}, the
 * default, as in kafka-clients): a connection tries each until one answers, and resolves the name again for every new
 * connection, so a broker whose address changed is found at its new one.
 */
@FunctionalInterface
public interface HostResolver {

    /** The JVM's resolver (its DNS cache applies): every address of the name. */
    HostResolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

    /** The addresses of {@code host}, at least one. */
    List<InetAddress> resolve(String host) throws UnknownHostException;

    /**
     * {@code client.dns.lookup=resolve_canonical_bootstrap_servers_only}: each bootstrap address replaced by the
     * canonical host names of all its addresses (for Kerberos, whose service principals name canonical hosts). A name
     * that does not resolve is kept as it is, for the connection to report.
     */
    static List<Endpoint> canonicalBootstrap(List<Endpoint> bootstrap, HostResolver resolver) {
        List<Endpoint> out = new ArrayList<>();
        for (Endpoint e : bootstrap) {
            try {
                for (InetAddress a : resolver.resolve(e.host())) {
                    Endpoint canonical = new Endpoint(a.getCanonicalHostName(), e.port());
                    if (!out.contains(canonical)) {
                        out.add(canonical);
                    }
                }
            } catch (UnknownHostException ex) {
                out.add(e);
            }
        }
        return List.copyOf(out);
    }
}
