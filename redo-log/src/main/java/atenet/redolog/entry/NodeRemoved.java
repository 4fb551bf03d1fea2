package atenet.redolog.entry;

import atenet.wire.crypto.KeyId;

/**
 * NODE_REMOVED: an enrolled node may no longer serve, for good. Operator only. The node stays listed (as removed),
 * its memberships are dropped, it may author nothing more, and its signing key can never be enrolled again.
 * <pre>
 * node id (u64)
 * </pre>
 */
public record NodeRemoved(long nodeId) implements EntryBody {
    @Override
    public EntryType type() {
        return EntryType.NODE_REMOVED;
    }

    @Override
    public void encode(BodyWriter out) {
        out.u64(nodeId);
    }

    public static NodeRemoved decode(BodyReader in) {
        return new NodeRemoved(in.u64("node id"));
    }

    @Override
    public String summary() {
        return "node " + KeyId.hex(nodeId) + " removed";
    }
}
