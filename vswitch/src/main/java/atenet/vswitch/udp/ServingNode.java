package atenet.vswitch.udp;

import atenet.wire.overlay.NodeList;

import java.net.InetSocketAddress;

/**
 * An enrolled, not removed node that serves a network, as the chain has it: its node id (the chain's, the key id of
 * its Ed25519 key), its X25519 key (its Noise static key: what a client or a peer node handshakes with), its name,
 * and the UDP endpoint its membership announces. Clients receive these as their NODES list; nodes that serve the
 * same network link up as peers (atenet.vswitch.peer).
 */
public record ServingNode(long nodeId, byte[] x25519Key, String name, InetSocketAddress endpoint) {
    public ServingNode {
        if (x25519Key == null || x25519Key.length != 32 || endpoint == null) {
            throw new IllegalArgumentException("a serving node needs a 32-byte X25519 key and an endpoint");
        }
    }

    public boolean hasKey(byte[] key) {
        return java.util.Arrays.equals(x25519Key, key);
    }

    /** The entry of a NODES list (what a client gets for failover). */
    public NodeList.Entry entry() {
        return new NodeList.Entry(x25519Key, name, endpoint);
    }
}
