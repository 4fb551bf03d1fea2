package atenet.redolog.entry;

import atenet.wire.net.HostPort;
import atenet.wire.crypto.KeyId;

import java.net.InetSocketAddress;

/**
 * NODE_JOINED: a node serves a network at a UDP endpoint. A later NODE_JOINED for the same node and network
 * replaces the endpoint. Written by the node itself (or the operator).
 * <pre>
 * node id (u64) | network id (16 B) | endpoint: family (u8, 4|6) | address (4|16 B) | port (u16)
 * </pre>
 */
public record NodeJoined(long nodeId, byte[] networkId, InetSocketAddress endpoint) implements EntryBody {
    public NodeJoined {
        Checks.networkId(networkId);
        if (endpoint == null || endpoint.getAddress() == null) {
            throw new IllegalArgumentException("endpoint must be a resolved address");
        }
    }

    @Override
    public EntryType type() {
        return EntryType.NODE_JOINED;
    }

    @Override
    public void encode(BodyWriter out) {
        out.u64(nodeId).bytes(networkId).endpoint(endpoint);
    }

    public static NodeJoined decode(BodyReader in) {
        long node = in.u64("node id");
        byte[] net = in.bytes(NetworkId.LENGTH, "network id");
        InetSocketAddress ep = in.endpoint("endpoint");
        return Checks.build(in, () -> new NodeJoined(node, net, ep));
    }

    @Override
    public String summary() {
        return "node " + KeyId.hex(nodeId) + " joined network " + NetworkId.of(networkId).hex() + " at "
                + HostPort.format(endpoint);
    }
}
