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
