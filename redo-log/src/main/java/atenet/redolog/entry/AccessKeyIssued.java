package atenet.redolog.entry;

import atenet.wire.crypto.KeyId;

import java.time.Instant;

/**
 * ACCESS_KEY_ISSUED: one user may join one network with the X25519 key pair whose public half is here
 * (the private half travels only in the access token). Operator only.
 * <pre>
 * network id (16 B) | access public key (32 B, X25519) | label (u16 length + UTF-8, 0..128 bytes)
 * | expires-at (u64 epoch millis, 0 = never)
 * </pre>
 * Key id = KeyId.of(public key).
 */
public record AccessKeyIssued(byte[] networkId, byte[] publicKey, String label, long expiresAtMillis) implements EntryBody {
    public static final int MAX_LABEL = 128;

    public AccessKeyIssued {
        Checks.networkId(networkId);
        Checks.key(publicKey, "access public key");
        if (label == null) {
            label = "";
        }
        if (!label.isEmpty()) {
            Checks.text(label, "label", MAX_LABEL);
        }
        if (expiresAtMillis < 0) {
            throw new IllegalArgumentException("expiry " + expiresAtMillis + " is negative");
        }
    }

    public long keyId() {
        return KeyId.of(publicKey);
    }

    @Override
    public EntryType type() {
        return EntryType.ACCESS_KEY_ISSUED;
    }

    @Override
    public void encode(BodyWriter out) {
        out.bytes(networkId).bytes(publicKey).string(label).u64(expiresAtMillis);
    }

    public static AccessKeyIssued decode(BodyReader in) {
        byte[] net = in.bytes(NetworkId.LENGTH, "network id");
        byte[] pub = in.bytes(32, "access public key");
        String label = in.string("label", MAX_LABEL);
        long exp = in.u64("expires-at");
        return Checks.build(in, () -> new AccessKeyIssued(net, pub, label, exp));
    }

    @Override
    public String summary() {
        return "access key " + KeyId.hex(keyId()) + " for network " + NetworkId.of(networkId).hex()
                + (label.isEmpty() ? "" : " '" + label + "'")
                + (expiresAtMillis == 0 ? ", never expires" : ", expires " + Instant.ofEpochMilli(expiresAtMillis));
    }
}
