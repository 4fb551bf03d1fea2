package atenet.wire.identity;

import atenet.wire.crypto.KeyId;
import atenet.wire.crypto.X25519Keys;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/** Builds NODE_ENROLLED chain entries by hand (layout in {@link NodeCertificate}) for the identity tests. */
final class Certs {
    static final byte[] OPERATOR_SECRET = bytes(100, 32);
    static final byte[] OPERATOR_KEY = publicOf(OPERATOR_SECRET);
    static final byte[] OTHER_SECRET = bytes(101, 32);
    static final byte[] OTHER_KEY = publicOf(OTHER_SECRET);
    static final byte[] NODE_SIGNING = publicOf(bytes(102, 32));
    static final byte[] NODE_X25519 = X25519Keys.publicOf(bytes(103, 32));

    private Certs() {
    }

    static byte[] bytes(long seed, int n) {
        byte[] b = new byte[n];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    static byte[] publicOf(byte[] secret) {
        byte[] pk = new byte[Ed25519.PUBLIC_KEY_SIZE];
        Ed25519.generatePublicKey(secret, 0, pk, 0);
        return pk;
    }

    /** A fully specified entry; {@code bodyLenField} &lt; 0 means "the real body length". */
    static byte[] entry(int version, int type, long sequence, long authorKeyId, long bodyLenField, int nameLenField,
                        byte[] name, byte[] signingSecret) {
        int bodyLen = 32 + 32 + 2 + name.length;
        byte[] e = new byte[62 + bodyLen + 64];
        e[0] = (byte) version;
        e[1] = (byte) type;
        putLong(e, 2, sequence);
        putLong(e, 10, 1_764_000_000_000L);
        System.arraycopy(bytes(104, 32), 0, e, 18, 32);
        putLong(e, 50, authorKeyId);
        long bl = bodyLenField < 0 ? bodyLen : bodyLenField;
        e[58] = (byte) (bl >>> 24);
        e[59] = (byte) (bl >>> 16);
        e[60] = (byte) (bl >>> 8);
        e[61] = (byte) bl;
        System.arraycopy(NODE_SIGNING, 0, e, 62, 32);
        System.arraycopy(NODE_X25519, 0, e, 94, 32);
        e[126] = (byte) (nameLenField >>> 8);
        e[127] = (byte) nameLenField;
        System.arraycopy(name, 0, e, 128, name.length);
        sign(e, signingSecret);
        return e;
    }

    static byte[] entry(String name) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        return entry(1, NodeCertificate.TYPE_NODE_ENROLLED, 42, KeyId.of(OPERATOR_KEY), -1, n.length, n, OPERATOR_SECRET);
    }

    static final byte[] NODE_SECRET = bytes(102, 32);

    /**
     * A NODE_ADMITTED entry (layout in {@link NodeCertificate}): the node's keys and name, then an operator-signed
     * grant for {@code name} naming {@code networks} networks; signed by the node's own key.
     */
    static byte[] admitted(String name, int networks) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        java.util.List<byte[]> nets = new java.util.ArrayList<>();
        for (int i = 0; i < networks; i++) {
            nets.add(bytes(200 + i, 16));
        }
        byte[] grant = EnrollmentGrant.sign(OPERATOR_SECRET, bytes(105, 32), bytes(106, 16), 1_900_000_000_000L, name, nets).encoded();
        int bodyLen = 32 + 32 + 2 + n.length + 2 + grant.length;
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(62 + bodyLen + 64);
        b.put((byte) 1).put((byte) NodeCertificate.TYPE_NODE_ADMITTED).putLong(43).putLong(1_764_000_000_000L)
                .put(bytes(104, 32)).putLong(KeyId.of(NODE_SIGNING)).putInt(bodyLen)
                .put(NODE_SIGNING).put(NODE_X25519).putShort((short) n.length).put(n).putShort((short) grant.length).put(grant);
        byte[] e = b.array();
        sign(e, NODE_SECRET);
        return e;
    }

    /** (Re-)signs {@code e} in place: Ed25519 over [0, len - 64). */
    static void sign(byte[] e, byte[] secret) {
        Ed25519.sign(secret, 0, e, 0, e.length - 64, e, e.length - 64);
    }

    private static void putLong(byte[] b, int off, long v) {
        for (int i = 7; i >= 0; i--) {
            b[off + i] = (byte) v;
            v >>>= 8;
        }
    }
}
