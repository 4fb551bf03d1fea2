package atenet.redolog.entry;

import atenet.wire.crypto.KeyId;

/**
 * NODE_ENROLLED: a switch node may now write its own membership. Operator only.
 * <pre>
 * node signing key (32 B, Ed25519) | node X25519 key (32 B) | node name (u16 length + UTF-8, 1..64 bytes)
 * </pre>
 * Node id = KeyId.of(signing key).
 */
public record NodeEnrolled(byte[] signingKey, byte[] x25519Key, String name) implements EntryBody {
    public static final int MAX_NAME = 64;

    public NodeEnrolled {
        Checks.key(signingKey, "node signing key");
        Checks.key(x25519Key, "node X25519 key");
        Checks.text(name, "node name", MAX_NAME);
    }

    public long nodeId() {
        return KeyId.of(signingKey);
    }

    @Override
    public EntryType type() {
        return EntryType.NODE_ENROLLED;
    }

    @Override
    public void encode(BodyWriter out) {
        out.bytes(signingKey).bytes(x25519Key).string(name);
    }

    public static NodeEnrolled decode(BodyReader in) {
        byte[] sk = in.bytes(32, "node signing key");
        byte[] xk = in.bytes(32, "node X25519 key");
        String name = in.string("node name", MAX_NAME);
        return Checks.build(in, () -> new NodeEnrolled(sk, xk, name));
    }

    @Override
    public String summary() {
        return "node '" + name + "' " + KeyId.hex(nodeId());
    }
}
