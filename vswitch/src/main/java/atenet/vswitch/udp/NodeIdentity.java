package atenet.vswitch.udp;

import atenet.wire.crypto.X25519Keys;
import atenet.wire.handshake.HandshakeMacs;

/**
 * What the data plane proves and answers with: the node's X25519 key pair (its Noise static key), the chain
 * it belongs to (bound into every handshake's prologue), and its certificate — the operator-signed
 * NODE_ENROLLED entry, byte for byte — handed to clients that ask (CERT_REQUEST).
 */
public record NodeIdentity(byte[] x25519Private, byte[] chainId, byte[] certificate) {
    public byte[] x25519Public() {
        return X25519Keys.publicOf(x25519Private);
    }

    /** The key mac1 of an INIT sent to this node is computed under. */
    public byte[] mac1Key() {
        return HandshakeMacs.mac1Key(x25519Public());
    }
}
