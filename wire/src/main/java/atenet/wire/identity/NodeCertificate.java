package atenet.wire.identity;

import atenet.wire.crypto.KeyId;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A node's certificate: the NODE_ENROLLED chain entry that the operator signed for it, byte for byte as the
 * chain stores it. The chain is the certificate authority; a client that holds only a token (which pins the
 * operator's public key) checks a node's X25519 key with this before it starts a handshake to it.
 * <pre>
 * entry (the chain's canonical encoding, see redo-log LogEntryCodec):
 *  0       1      2               10              18                50               58             62
 * +-------+------+---------------+---------------+-----------------+----------------+--------------+
 * |ver=1  |type=3| sequence u64  | time u64      | prev hash (32)  | author key id  | body len u32 |
 * +-------+------+---------------+---------------+-----------------+----------------+--------------+
 *  62
 * | body: node Ed25519 key (32) | node X25519 key (32) | name length u16 | name (1..64 B UTF-8) |
 * | Ed25519 signature (64) over bytes [0, 62 + body len), by the operator                       |
 * </pre>
 * Checked here: version, type, lengths, author key id = KeyId(operator key), signature.
 * <p>
 * A node that enrolled itself with an operator's grant ({@code vswitch --join}) shows its NODE_ADMITTED entry
 * instead: the same body, then the grant; signed by the node's own Ed25519 key (author key id = the node id):
 * <pre>
 *  62
 * | node Ed25519 key (32) | node X25519 key (32) | name length u16 | name | grant length u16 | {@link EnrollmentGrant} |
 * | Ed25519 signature (64) over bytes [0, 62 + body len), by the node key in the body                           |
 * </pre>
 * Checked then: the grant's operator signature, the grant's name = the node's name, author key id = KeyId(node
 * key), and the entry's signature by that key. What a signature
 * cannot say — whether the operator later removed the node — the client learns from the node list it gets
 * from nodes of its network after joining (see docs/security.md).
 */
public record NodeCertificate(long nodeId, byte[] signingKey, byte[] x25519Key, String name, long sequence) {
    public static final int TYPE_NODE_ENROLLED = 3;
    public static final int TYPE_NODE_ADMITTED = 9;
    private static final int OFFSET_TYPE = 1;
    private static final int OFFSET_SEQUENCE = 2;
    private static final int OFFSET_AUTHOR = 50;
    private static final int OFFSET_BODY_LENGTH = 58;
    private static final int OFFSET_BODY = 62;
    private static final int SIGNATURE_LEN = 64;
    private static final int MAX_NAME = 64;
    /** The largest NODE_ENROLLED certificate: header, body with a 64-byte name, signature. */
    public static final int MAX_ENROLLED_LEN = OFFSET_BODY + 32 + 32 + 2 + MAX_NAME + SIGNATURE_LEN;
    /** The largest certificate: a NODE_ADMITTED entry with a 64-byte name and the largest grant. */
    public static final int MAX_LEN = OFFSET_BODY + 32 + 32 + 2 + MAX_NAME + 2 + EnrollmentGrant.MAX_LEN + SIGNATURE_LEN;

    /**
     * Verifies {@code entry[off .. off+len)} as a node certificate signed by {@code operatorKey}.
     *
     * @throws CertificateException saying what is wrong
     */
    public static NodeCertificate verify(byte[] entry, int off, int len, byte[] operatorKey) {
        if (operatorKey == null || operatorKey.length != 32) {
            throw new CertificateException("the operator key must be 32 bytes");
        }
        if (len < OFFSET_BODY + 66 + 1 + SIGNATURE_LEN || len > MAX_LEN || off < 0 || off > entry.length - len) {
            throw new CertificateException("a node certificate is " + (OFFSET_BODY + 66 + SIGNATURE_LEN + 1) + ".." + MAX_LEN
                    + " bytes, got " + len);
        }
        byte[] e = Arrays.copyOfRange(entry, off, off + len);
        boolean admitted = e[OFFSET_TYPE] == TYPE_NODE_ADMITTED;
        if (e[0] != 1 || (e[OFFSET_TYPE] != TYPE_NODE_ENROLLED && !admitted)) {
            throw new CertificateException("not a version-1 NODE_ENROLLED or NODE_ADMITTED entry");
        }
        long bodyLen = getInt(e, OFFSET_BODY_LENGTH) & 0xffffffffL;
        if (OFFSET_BODY + bodyLen + SIGNATURE_LEN != len) {
            throw new CertificateException("body length " + bodyLen + " does not match the certificate's length " + len);
        }
        int p = OFFSET_BODY;
        byte[] sk = Arrays.copyOfRange(e, p, p + 32);
        byte[] xk = Arrays.copyOfRange(e, p + 32, p + 64);
        int nameLen = ((e[p + 64] & 0xff) << 8) | (e[p + 65] & 0xff);
        long grantLen = admitted ? bodyLen - 66 - nameLen - 2 : 0;
        if (nameLen < 1 || nameLen > MAX_NAME || (!admitted && 66 + nameLen != bodyLen) || grantLen < 0) {
            throw new CertificateException("bad node name length " + nameLen);
        }
        byte[] signer = operatorKey;
        EnrollmentGrant grant = null;
        if (admitted) {
            int g = p + 66 + nameLen;
            int declared = ((e[g] & 0xff) << 8) | (e[g + 1] & 0xff);
            if (declared != grantLen) {
                throw new CertificateException("grant length " + declared + " does not match the body");
            }
            grant = EnrollmentGrant.verify(e, g + 2, declared, operatorKey);
            signer = sk;
        }
        if (getLong(e, OFFSET_AUTHOR) != KeyId.of(signer)) {
            throw new CertificateException(admitted ? "a NODE_ADMITTED entry must be signed by the node it admits"
                    : "not signed by this chain's operator key");
        }
        int signed = len - SIGNATURE_LEN;
        if (!Ed25519.verify(e, signed, signer, 0, e, 0, signed)) {
            throw new CertificateException(admitted ? "the node's signature does not verify" : "the operator's signature does not verify");
        }
        String name;
        try {
            name = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(e, p + 66, nameLen)).toString();
        } catch (CharacterCodingException ex) {
            throw new CertificateException("the node name is not UTF-8");
        }
        if (grant != null && !grant.name().equals(name)) {
            throw new CertificateException("the node calls itself '" + name + "' but its grant is for '" + grant.name() + "'");
        }
        return new NodeCertificate(KeyId.of(sk), sk, xk, name, getLong(e, OFFSET_SEQUENCE));
    }

    /**
     * Encodes and signs a certificate in this layout: for a process that plays a made-up operator of its own (the
     * client's start-up warm-up). A real chain's certificates come from the chain (redo-log's LogEntryCodec writes
     * the same bytes).
     */
    public static byte[] issue(byte[] operatorPrivate, long sequence, long timeMillis, byte[] signingKey, byte[] x25519Key,
                               String name) {
        byte[] operatorKey = new byte[32];
        Ed25519.generatePublicKey(operatorPrivate, 0, operatorKey, 0);
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        int bodyLen = 32 + 32 + 2 + n.length;
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(OFFSET_BODY + bodyLen + SIGNATURE_LEN);
        b.put((byte) 1).put((byte) TYPE_NODE_ENROLLED).putLong(sequence).putLong(timeMillis).put(new byte[32])
                .putLong(KeyId.of(operatorKey)).putInt(bodyLen)
                .put(signingKey).put(x25519Key).putShort((short) n.length).put(n);
        byte[] e = b.array();
        Ed25519.sign(operatorPrivate, 0, e, 0, OFFSET_BODY + bodyLen, e, OFFSET_BODY + bodyLen);
        return e;
    }

    private static long getLong(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xff);
        }
        return v;
    }

    private static int getInt(byte[] b, int off) {
        return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
    }
}
