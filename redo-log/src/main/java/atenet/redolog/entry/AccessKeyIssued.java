package atenet.redolog.entry;

import atenet.wire.crypto.KeyId;

import java.time.Instant;

/**
 * ACCESS_KEY_ISSUED: one user may join one network with the X25519 key pair whose public half is here
 * (the private half travels only in the access token). Operator only.
 * <pre>
 * network id (16 B) | access public key (32 B, X25519) | label (u16 length + UTF-8, 0..128 bytes)
 * | expires-at (u64 epoch millis, 0 = never) [| flags (u8, optional)]
 *
 * flags: bit 0 = BRIDGE (the key's port may send frames from any source MAC: it bridges a LAN).
 * </pre>
 * The flags byte is written only when it is not zero, so an entry without flags has exactly the bytes entries had
 * before the byte existed, and old signed entries still verify. A present flags byte must be non-zero (one
 * encoding per value) and must not set unknown bits. Key id = KeyId.of(public key).
 */
public record AccessKeyIssued(byte[] networkId, byte[] publicKey, String label, long expiresAtMillis, boolean bridge)
        implements EntryBody {
    public static final int MAX_LABEL = 128;
    public static final int FLAG_BRIDGE = 0x01;

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

    /** A key that is not a bridge. */
    public AccessKeyIssued(byte[] networkId, byte[] publicKey, String label, long expiresAtMillis) {
        this(networkId, publicKey, label, expiresAtMillis, false);
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
        if (bridge) {
            out.u8(FLAG_BRIDGE);                      // absent when zero: old entries keep their bytes
        }
    }

    public static AccessKeyIssued decode(BodyReader in) {
        byte[] net = in.bytes(NetworkId.LENGTH, "network id");
        byte[] pub = in.bytes(32, "access public key");
        String label = in.string("label", MAX_LABEL);
        long exp = in.u64("expires-at");
        boolean bridge = false;
        if (in.remaining() > 0) {
            int left = in.remaining();
            int flags = in.u8("flags");
            if (flags == 0) {
                throw in.fail(left + " unexpected trailing bytes (a zero flags byte is never written)");
            }
            if ((flags & ~FLAG_BRIDGE) != 0) {
                throw in.fail("flags: unknown bits in 0x" + Integer.toHexString(flags));
            }
            bridge = true;
        }
        boolean isBridge = bridge;
        return Checks.build(in, () -> new AccessKeyIssued(net, pub, label, exp, isBridge));
    }

    @Override
    public String summary() {
        return "access key " + KeyId.hex(keyId()) + " for network " + NetworkId.of(networkId).hex()
                + (label.isEmpty() ? "" : " '" + label + "'")
                + (expiresAtMillis == 0 ? ", never expires" : ", expires " + Instant.ofEpochMilli(expiresAtMillis))
                + (bridge ? ", bridge" : "");
    }
}
