package atenet.redolog.entry;

import atenet.wire.crypto.KeyId;

/**
 * NODE_LEFT: a node no longer serves a network. Written by the node itself (or the operator).
 * <pre>
 * node id (u64) | network id (16 B)
 * </pre>
 */
public record NodeLeft(long nodeId, byte[] networkId) implements EntryBody {
    public NodeLeft {
        Checks.networkId(networkId);
    }

    @Override
    public EntryType type() {
        return EntryType.NODE_LEFT;
    }

    @Override
    public void encode(BodyWriter out) {
        out.u64(nodeId).bytes(networkId);
    }

    public static NodeLeft decode(BodyReader in) {
        long node = in.u64("node id");
        byte[] net = in.bytes(NetworkId.LENGTH, "network id");
        return Checks.build(in, () -> new NodeLeft(node, net));
    }

    @Override
    public String summary() {
        return "node " + KeyId.hex(nodeId) + " left network " + NetworkId.of(networkId).hex();
    }
}
