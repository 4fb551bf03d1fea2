package atenet.redolog.state;

import atenet.wire.crypto.KeyId;

/** An enrolled node. nodeId = KeyId.of(signingKey). */
public record NodeRecord(long nodeId, byte[] signingKey, byte[] x25519Key, String name) {
    public String idHex() {
        return KeyId.hex(nodeId);
    }
}
