package atenet.redolog.state;

import atenet.wire.crypto.KeyId;

/**
 * An enrolled node. nodeId = KeyId.of(signingKey). {@code removed}: a NODE_REMOVED entry names it (it stays listed,
 * has no memberships, may author nothing and its key cannot be enrolled again).
 */
public record NodeRecord(long nodeId, byte[] signingKey, byte[] x25519Key, String name, boolean removed) {
    NodeRecord asRemoved() {
        return new NodeRecord(nodeId, signingKey, x25519Key, name, true);
    }

    public String idHex() {
        return KeyId.hex(nodeId);
    }
}
