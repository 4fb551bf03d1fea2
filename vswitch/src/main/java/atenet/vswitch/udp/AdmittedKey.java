package atenet.vswitch.udp;

/**
 * An access key as the data plane needs it: its network, its validity, and the X25519 secret
 * shared between this node and the key (computed once per key, off the packet path).
 * {@code bridge}: the key's port may send frames from any source MAC (it bridges a LAN).
 */
public record AdmittedKey(long keyId, long networkHi, long networkLo, byte[] shared, long expiresAtMillis,
                          boolean revoked, boolean bridge) {
    /** A key that is not a bridge. */
    public AdmittedKey(long keyId, long networkHi, long networkLo, byte[] shared, long expiresAtMillis, boolean revoked) {
        this(keyId, networkHi, networkLo, shared, expiresAtMillis, revoked, false);
    }

    public boolean expiredAt(long nowMillis) {
        return expiresAtMillis != 0 && nowMillis >= expiresAtMillis;
    }
}
