package atenet.vswitch.udp;

import java.util.List;

/**
 * A network the node serves, as the data plane needs it, with the nodes that serve it (from the chain's
 * memberships; what a joined client receives in a NODES message for failover, and the nodes this node links up
 * with as peers when it serves the network itself).
 */
public record NetworkInfo(byte[] id, long idHi, long idLo, String name, String subnet, int mtu, List<ServingNode> nodes) {
    public NetworkInfo(byte[] id, long idHi, long idLo, String name, String subnet, int mtu) {
        this(id, idHi, idLo, name, subnet, mtu, List.of());
    }

    /** The serving node whose X25519 key is {@code key}, or null. */
    public ServingNode node(byte[] key) {
        for (ServingNode n : nodes) {
            if (n.hasKey(key)) {
                return n;
            }
        }
        return null;
    }
}
