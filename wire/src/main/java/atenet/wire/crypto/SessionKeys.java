package atenet.wire.crypto;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;

/**
 * Key schedule of one client session.
 *
 * <pre>
 *   shared = X25519(client private, node public) = X25519(node private, client public)
 *   hello  = HKDF-SHA256(ikm = shared, salt = network id, info = "atenet/1 hello" | client session)
 *   c2n    = HKDF-SHA256(ikm = shared, salt = network id, info = "atenet/1 c2n" | client session | node session)
 *   n2c    = HKDF-SHA256(ikm = shared, salt = network id, info = "atenet/1 n2c" | client session | node session)
 * </pre>
 *
 * Each key is 32 bytes (AES-256). Both session ids are 8 random bytes chosen anew for every
 * handshake, so a (key, nonce) pair never repeats, even across restarts, and packets of an old
 * session never open under a new one. The chain holds only public keys: reading it does not give
 * {@code shared}.
 */
public final class SessionKeys {
    private static final byte[] HELLO = "atenet/1 hello".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] C2N = "atenet/1 c2n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] N2C = "atenet/1 n2c".getBytes(StandardCharsets.US_ASCII);

    public final SecretKeySpec clientToNode;
    public final SecretKeySpec nodeToClient;

    private SessionKeys(SecretKeySpec c2n, SecretKeySpec n2c) {
        this.clientToNode = c2n;
        this.nodeToClient = n2c;
    }

    public static SecretKeySpec helloKey(byte[] shared, byte[] networkId, long clientSession) {
        return new SecretKeySpec(hkdf(shared, networkId, info(HELLO, clientSession, null)), "AES");
    }

    public static SessionKeys derive(byte[] shared, byte[] networkId, long clientSession, long nodeSession) {
        return new SessionKeys(
                new SecretKeySpec(hkdf(shared, networkId, info(C2N, clientSession, nodeSession)), "AES"),
                new SecretKeySpec(hkdf(shared, networkId, info(N2C, clientSession, nodeSession)), "AES"));
    }

    private static byte[] info(byte[] label, long clientSession, Long nodeSession) {
        byte[] out = new byte[label.length + 8 + (nodeSession == null ? 0 : 8)];
        System.arraycopy(label, 0, out, 0, label.length);
        putLong(out, label.length, clientSession);
        if (nodeSession != null) {
            putLong(out, label.length + 8, nodeSession);
        }
        return out;
    }

    static byte[] hkdf(byte[] ikm, byte[] salt, byte[] info) {
        HKDFBytesGenerator gen = new HKDFBytesGenerator(new SHA256Digest());
        gen.init(new HKDFParameters(ikm, salt, info));
        byte[] key = new byte[32];
        gen.generateBytes(key, 0, key.length);
        return key;
    }

    private static void putLong(byte[] b, int off, long v) {
        for (int i = 7; i >= 0; i--) {
            b[off + i] = (byte) v;
            v >>>= 8;
        }
    }
}
