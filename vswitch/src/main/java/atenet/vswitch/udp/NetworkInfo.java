package atenet.vswitch.udp;

import atenet.wire.overlay.NodeList;

import java.util.List;

/**
 * A network the node serves, as the data plane needs it, with the nodes that serve it (from the chain's
 * memberships; what a joined client receives in a NODES message for failover).
 */
public record NetworkInfo(byte[] id, long idHi, long idLo, String name, String subnet, int mtu, List<NodeList.Entry> nodes) {
    public NetworkInfo(byte[] id, long idHi, long idLo, String name, String subnet, int mtu) {
        this(id, idHi, idLo, name, subnet, mtu, List.of());
    }
}
