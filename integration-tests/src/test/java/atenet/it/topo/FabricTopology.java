package atenet.it.topo;

import atenet.it.netns.Names;
import atenet.it.netns.Netns;
import atenet.it.netns.Veth;

import java.util.ArrayList;
import java.util.List;

/**
 * The namespaces of a fabric test: several node namespaces on one LAN (a bridge in its own namespace), the test
 * JVM on that LAN too (for tok and the admin APIs), and client namespaces behind each node.
 * <pre>
 *   [ns lan: bridge br0] ── veth ── root ns 198.18.10.254/24 (test JVM, tok)
 *        ├── veth ── [ns n1] up0 198.18.10.1/24   vswitch: udp :4789, admin :4790, raft :4791
 *        ├── veth ── [ns n2] up0 198.18.10.2/24
 *        └── veth ── [ns n3] up0 198.18.10.3/24
 *   [ns nK] to-X 198.18.(20+i).1/30 ── veth ── [ns X] up0 198.18.(20+i).2/30   (client X behind node K,
 *                                                                             overlay address 10.250.0.(11+i))
 * </pre>
 * The node namespaces do not forward: a client reaches only its own node's address, and other clients only through
 * the overlay. Shares OverlayTopology's host-wide lock (/run/lock/atenet-it-netns.lock). {@link #close()} removes
 * everything, newest first.
 */
public final class FabricTopology implements AutoCloseable {
    public static final String ROOT_IP = "198.18.10.254";


    private final List<Netns> nodes = new ArrayList<>();
    private final List<OverlayTopology.Site> clients = new ArrayList<>();
    private final List<Integer> clientNodes = new ArrayList<>();
    private final int id = Names.next();
    private TopologyParts parts;

    private FabricTopology() {
    }

    /**
     * @param nodes        number of node namespaces (1..9)
     * @param clientsNodes for each client a, b, c, ...: the node (1-based) it sits behind
     */
    public static FabricTopology create(int nodes, int... clientsNodes) {
        return create(false, nodes, clientsNodes);
    }

    /**
     * As {@link #create(int, int...)}, but the node namespaces forward and route: every client reaches every node's
     * LAN address through its own node's namespace (which keeps forwarding when its vswitch dies), as clients on
     * the internet reach all nodes. For failover tests.
     */
    public static FabricTopology createRouted(int nodes, int... clientsNodes) {
        return create(true, nodes, clientsNodes);
    }

    private static FabricTopology create(boolean routed, int nodes, int... clientsNodes) {
        FabricTopology t = new FabricTopology();
        try {
            t.parts = new TopologyParts("fabric topology");
            Netns lan = t.parts.add(Netns.create(t.id + "-lan"));
            lan.ok("ip", "link", "add", "br0", "type", "bridge");
            lan.ok("ip", "link", "set", "br0", "up");
            t.parts.add(Veth.create(null, Names.RUN_PREFIX + t.id + "r", ROOT_IP + "/24", lan, "p0", null));
            lan.ok("ip", "link", "set", "p0", "master", "br0");
            for (int i = 1; i <= nodes; i++) {
                Netns n = t.parts.add(Netns.create(t.id + "-n" + i));
                n.sysctl("net.ipv4.ip_forward", routed ? "1" : "0");
                t.parts.add(Veth.create(n, "up0", nodeIp(i) + "/24", lan, "p" + i, null));
                lan.ok("ip", "link", "set", "p" + i, "master", "br0");
                t.nodes.add(n);
            }
            for (int c = 0; c < clientsNodes.length; c++) {
                char letter = (char) ('a' + c);
                int node = clientsNodes[c];
                Netns ns = t.parts.add(Netns.create(t.id + "-" + letter));
                String base = "198.18." + (20 + c);
                t.parts.add(Veth.create(t.nodes.get(node - 1), "to-" + letter, base + ".1/30", ns, "up0", base + ".2/30"));
                t.clients.add(new OverlayTopology.Site(letter, ns, "to-" + letter, base + ".1", "10.250.0." + (11 + c)));
                t.clientNodes.add(node);
                if (routed) {
                    ns.ok("ip", "route", "add", "198.18.10.0/24", "via", base + ".1");
                    for (int other = 1; other <= nodes; other++) {
                        if (other != node) {
                            t.nodes.get(other - 1).ok("ip", "route", "add", base + ".0/30", "via", nodeIp(node));
                        }
                    }
                }
            }
            return t;
        } catch (RuntimeException | Error e) {
            t.close();
            throw e;
        }
    }

    public static String nodeIp(int i) {
        return "198.18.10." + i;
    }

    public Netns node(int i) {
        return nodes.get(i - 1);
    }

    /** Client {@code letter}: its namespace, its node's address on its link, its overlay address 10.250.0.(11+i). */
    public OverlayTopology.Site client(char letter) {
        return clients.get(letter - 'a');
    }

    /** The node (1-based) client {@code letter} sits behind. */
    public int nodeOf(char letter) {
        return clientNodes.get(letter - 'a');
    }

    @Override
    public void close() {
        if (parts != null) {
            parts.close();
        }
    }

    @Override
    public String toString() {
        return "fabric topology " + Names.RUN_PREFIX + id + " (" + nodes.size() + " nodes, " + clients.size() + " clients)";
    }
}
