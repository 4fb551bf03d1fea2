package atenet.redolog.keys;

import atenet.wire.crypto.X25519Keys;

/**
 * A node's identity: an Ed25519 key that signs its chain entries (node id = KeyId.of(signing public key)) and an
 * X25519 key for the overlay's key agreement.
 */
public record NodeKeys(Ed25519KeyPair signing, byte[] x25519Private) {
    public NodeKeys {
        if (x25519Private == null || x25519Private.length != X25519Keys.KEY_LEN) {
            throw new IllegalArgumentException("an X25519 private key is 32 bytes");
        }
    }

    public byte[] x25519Public() {
        return X25519Keys.publicOf(x25519Private);
    }

    public long nodeId() {
        return signing.keyId();
    }
}
