package atenet.redolog.state;

import atenet.wire.crypto.KeyId;

/**
 * An issued access key. issuedAt/revokedAt are the times of the issuing/revoking entries; expiresAt 0 = never.
 * {@code bridge}: the key's port may send frames from any source MAC (it bridges a LAN).
 */
public record AccessKeyRecord(long keyId, byte[] networkId, byte[] publicKey, String label, long issuedAt,
                              long expiresAt, boolean revoked, long revokedAt, boolean bridge) {

    /** Not revoked and not expired at {@code nowMillis}. */
    public boolean isValidAt(long nowMillis) {
        return !revoked && (expiresAt == 0 || nowMillis < expiresAt);
    }

    public boolean isExpiredAt(long nowMillis) {
        return expiresAt != 0 && nowMillis >= expiresAt;
    }

    /** "valid", "revoked" or "expired". */
    public String stateAt(long nowMillis) {
        return revoked ? "revoked" : isExpiredAt(nowMillis) ? "expired" : "valid";
    }

    public String idHex() {
        return KeyId.hex(keyId);
    }

    AccessKeyRecord revokedAt(long when) {
        return new AccessKeyRecord(keyId, networkId, publicKey, label, issuedAt, expiresAt, true, when, bridge);
    }
}
