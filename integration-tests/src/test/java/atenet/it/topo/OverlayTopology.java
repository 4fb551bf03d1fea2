package atenet.it.topo;

import atenet.it.netns.Names;
import atenet.it.netns.Netns;
import atenet.it.netns.Veth;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The namespaces and veths of one overlay test; the processes are started by {@link NodeFixture} and
 * {@link TapClientFixture}.
 *
 * <pre>
 *   root ns (test JVM) --veth 198.18.0.1/30 -- 198.18.0.2 [ns node: vswitch :4789, admin 198.18.0.2:4790]
 *   [ns node] 198.18.1.1/30 --veth-- 198.18.1.2 [ns a: tap-client → atn0 10.250.0.11/24]
 *   [ns node] 198.18.2.1/30 --veth-- 198.18.2.2 [ns b: tap-client → atn0 10.250.0.12/24]
 *   [ns node] 198.18.3.1/30 --veth-- 198.18.3.2 [ns c: tap-client → atn0 10.250.0.13/24]
 *
 *   interfaces: root "atn-XXXX-Nr" = node "up0"; node "to-a" = a "up0"; node "to-b" = b "up0"; ...
 * </pre>
 *
 * 198.18.0.0/15 is the benchmarking range (RFC 2544). The node namespace has IPv4 forwarding off, so
 * a client can reach only the node's address on its own link; clients reach each other only through
 * the overlay. {@code lo} is up in every namespace. Names carry this run's prefix ({@link Names}); a
 * host-wide lock (/run/lock/atenet-it-netns.lock) keeps two test JVMs from using 198.18.0.1 at once.
 * {@link #close()} removes everything, in reverse order, and is safe to call after a partial create.
 */
public final class OverlayTopology implements AutoCloseable {
    /** One client namespace: its letter, namespace, the node address it uses, its overlay address. */
    public record Site(char letter, Netns ns, String nodeIf, String serverIp, String overlayIp) {
        /** --server argument for tap-client. */
        public String server() {
            return serverIp + ":" + NodeFixture.UDP_PORT;
        }

        /** --address argument for tap-client (the TAP's address, /24). */
        public String overlayCidr() {
            return overlayIp + "/24";
        }
    }

    public static final String ROOT_IP = "198.18.0.1";
    public static final String NODE_IP = "198.18.0.2";

    private final Map<Character, Site> sites = new LinkedHashMap<>();
    private final int id = Names.next();
    private TopologyParts parts;
    private Netns node;
    private Veth rootLink;

    private OverlayTopology() {
    }

    /** Builds the node namespace and {@code clients} (1..3) client namespaces a, b, c. */
    public static OverlayTopology create(int clients) {
        if (clients < 1 || clients > 3) {
            throw new IllegalArgumentException("1..3 clients");
        }
        OverlayTopology t = new OverlayTopology();
        try {
            t.parts = new TopologyParts("topology");
            t.node = t.parts.add(Netns.create(t.id + "-node"));
            t.node.sysctl("net.ipv4.ip_forward", "0");
            t.rootLink = t.parts.add(Veth.create(null, Names.RUN_PREFIX + t.id + "r", ROOT_IP + "/30", t.node, "up0", NODE_IP + "/30"));
            for (int i = 0; i < clients; i++) {
                char letter = (char) ('a' + i);
                int subnet = i + 1;
                Netns ns = t.parts.add(Netns.create(t.id + "-" + letter));
                String nodeIf = "to-" + letter;
                t.parts.add(Veth.create(t.node, nodeIf, "198.18." + subnet + ".1/30", ns, "up0", "198.18." + subnet + ".2/30"));
                t.sites.put(letter, new Site(letter, ns, nodeIf, "198.18." + subnet + ".1", "10.250.0." + (11 + i)));
            }
            return t;
        } catch (RuntimeException | Error e) {
            t.close();
            throw e;
        }
    }

    public Netns node() {
        return node;
    }

    /** The node end of the root link (for captures). */
    public String nodeUplink() {
        return "up0";
    }

    public Site site(char letter) {
        Site s = sites.get(letter);
        if (s == null) {
            throw new IllegalArgumentException("no client namespace '" + letter + "' in this topology");
        }
        return s;
    }

    public Site a() {
        return site('a');
    }

    public Site b() {
        return site('b');
    }

    public Site c() {
        return site('c');
    }

    @Override
    public void close() {
        if (parts != null) {
            parts.close();
        }
    }

    @Override
    public String toString() {
        return "overlay topology " + Names.RUN_PREFIX + id + " (" + sites.size() + " clients)";
    }
}
