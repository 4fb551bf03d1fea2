package atenet.redolog.entry;

import atenet.wire.crypto.KeyId;

/**
 * ACCESS_KEY_REVOKED: the access key may no longer join. Operator only.
 * <pre>
 * key id (u64)
 * </pre>
 */
public record AccessKeyRevoked(long keyId) implements EntryBody {
    @Override
    public EntryType type() {
        return EntryType.ACCESS_KEY_REVOKED;
    }

    @Override
    public void encode(BodyWriter out) {
        out.u64(keyId);
    }

    public static AccessKeyRevoked decode(BodyReader in) {
        return new AccessKeyRevoked(in.u64("key id"));
    }

    @Override
    public String summary() {
        return "access key " + KeyId.hex(keyId) + " revoked";
    }
}
