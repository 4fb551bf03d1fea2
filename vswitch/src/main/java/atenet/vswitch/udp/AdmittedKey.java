package atenet.vswitch.udp;

import java.util.Arrays;

/**
 * An access key as the data plane needs it: its network, its X25519 public key (the handshake's initiator
 * static key must be exactly this), and its validity.
 */
public record AdmittedKey(long keyId, long networkHi, long networkLo, byte[] publicKey, long expiresAtMillis,
                          boolean revoked) {
    public boolean expiredAt(long nowMillis) {
        return expiresAtMillis != 0 && nowMillis >= expiresAtMillis;
    }

    public boolean hasPublicKey(byte[] key) {
        return Arrays.equals(publicKey, key);
    }
}
