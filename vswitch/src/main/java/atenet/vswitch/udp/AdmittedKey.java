package atenet.vswitch.udp;

/**
 * An access key as the data plane needs it: its network, its validity, and the X25519 secret
 * shared between this node and the key (computed once per key, off the packet path).
 */
public record AdmittedKey(long keyId, long networkHi, long networkLo, byte[] shared, long expiresAtMillis,
                          boolean revoked) {
    public boolean expiredAt(long nowMillis) {
        return expiresAtMillis != 0 && nowMillis >= expiresAtMillis;
    }
}
