package atenet.tapclient;

import atenet.wire.crypto.KeyId;
import atenet.wire.crypto.X25519Keys;
import atenet.wire.identity.NodeCertificate;
import atenet.wire.token.AccessToken;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.SplittableRandom;

/** Builds real v2 tokens and operator-signed node certificates (NODE_ENROLLED entries) for tests. */
final class TestTokens {
    static final SecureRandom RANDOM = new SecureRandom();
    /** The chain's operator (Ed25519): signs node certificates; tokens pin its public key. */
    static final byte[] OPERATOR_SECRET = seeded(100, 32);
    static final byte[] OPERATOR_KEY = ed25519Public(OPERATOR_SECRET);
    /** Another chain's operator. */
    static final byte[] OTHER_OPERATOR_SECRET = seeded(101, 32);
    static final byte[] OTHER_OPERATOR_KEY = ed25519Public(OTHER_OPERATOR_SECRET);
    static final byte[] CHAIN_ID = seeded(102, 32);

    private TestTokens() {
    }

    /** A v2 token for {@code clientPriv} on a fresh network of {@link #CHAIN_ID}, with these endpoint hints. */
    static AccessToken token(byte[] clientPriv, List<InetSocketAddress> hints) {
        byte[] net = new byte[16];
        RANDOM.nextBytes(net);
        return new AccessToken(CHAIN_ID.clone(), OPERATOR_KEY.clone(), net, "office", new byte[]{10, 7, 0, 0}, 24,
                clientPriv, 0, hints);
    }

    static AccessToken token() {
        return token(X25519Keys.generatePrivate(RANDOM), List.of(new InetSocketAddress("127.0.0.1", 4789)));
    }

    static AccessToken tokenWithoutHints() {
        return token(X25519Keys.generatePrivate(RANDOM), List.of());
    }

    static byte[] seeded(long seed, int n) {
        byte[] b = new byte[n];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    static byte[] ed25519Public(byte[] secret) {
        byte[] pk = new byte[Ed25519.PUBLIC_KEY_SIZE];
        Ed25519.generatePublicKey(secret, 0, pk, 0);
        return pk;
    }

    /** A node certificate signed by the test chain's operator. */
    static byte[] certificate(byte[] nodeX25519Public, String name) {
        return certificate(nodeX25519Public, name, KeyId.of(OPERATOR_KEY), OPERATOR_SECRET);
    }

    /**
     * A NODE_ENROLLED entry (layout in {@link NodeCertificate}) naming {@code authorKeyId} as its author and signed
     * with {@code signingSecret}.
     */
    static byte[] certificate(byte[] nodeX25519Public, String name, long authorKeyId, byte[] signingSecret) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        int bodyLen = 32 + 32 + 2 + n.length;
        byte[] e = new byte[62 + bodyLen + 64];
        e[0] = 1;
        e[1] = (byte) NodeCertificate.TYPE_NODE_ENROLLED;
        putLong(e, 2, 42);
        putLong(e, 10, 1_764_000_000_000L);
        System.arraycopy(seeded(104, 32), 0, e, 18, 32);
        putLong(e, 50, authorKeyId);
        e[58] = (byte) (bodyLen >>> 24);
        e[59] = (byte) (bodyLen >>> 16);
        e[60] = (byte) (bodyLen >>> 8);
        e[61] = (byte) bodyLen;
        byte[] nodeSigningSecret = new byte[32];
        RANDOM.nextBytes(nodeSigningSecret);
        System.arraycopy(ed25519Public(nodeSigningSecret), 0, e, 62, 32);
        System.arraycopy(nodeX25519Public, 0, e, 94, 32);
        e[126] = (byte) (n.length >>> 8);
        e[127] = (byte) n.length;
        System.arraycopy(n, 0, e, 128, n.length);
        Ed25519.sign(signingSecret, 0, e, 0, e.length - 64, e, e.length - 64);
        return e;
    }

    private static void putLong(byte[] b, int off, long v) {
        for (int i = 7; i >= 0; i--) {
            b[off + i] = (byte) v;
            v >>>= 8;
        }
    }
}
