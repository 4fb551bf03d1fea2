package atenet.vswitch.udp;

import java.util.Arrays;

/**
 * An access key as the data plane needs it: its network, its X25519 public key (the handshake's initiator
 * static key must be exactly this), and its validity. {@code bridge}: the key's port may send frames from any
 * source MAC (it bridges a LAN); other keys' ports are bound to the MAC derived from the key.
 */
public record AdmittedKey(long keyId, long networkHi, long networkLo, byte[] publicKey, long expiresAtMillis,
                          boolean revoked, boolean bridge) {
    /** A key that is not a bridge. */
    public AdmittedKey(long keyId, long networkHi, long networkLo, byte[] publicKey, long expiresAtMillis, boolean revoked) {
        this(keyId, networkHi, networkLo, publicKey, expiresAtMillis, revoked, false);
    }

    public boolean expiredAt(long nowMillis) {
        return expiresAtMillis != 0 && nowMillis >= expiresAtMillis;
    }

    public boolean hasPublicKey(byte[] key) {
        return Arrays.equals(publicKey, key);
    }
}
