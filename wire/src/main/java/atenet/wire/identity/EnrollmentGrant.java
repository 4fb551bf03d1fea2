package atenet.wire.identity;

import org.bouncycastle.math.ec.rfc8032.Ed25519;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The operator's permission for one new node to enrol itself, once: {@code tok nodes add} signs it, the enrolment
 * token carries it, and the new node's NODE_ADMITTED chain entry embeds it. It names no key (the new node creates
 * its keys after the grant was made) and holds no secret: whoever holds it may enrol one node under that name,
 * until it expires or is used.
 * <pre>
 *  0       1            33             49              57        58         58+n     59+n
 * +-------+------------+--------------+---------------+---------+----------+--------+-----------------------+
 * | ver=1 | chain id   | grant id     | expires u64   | name len| name     | nets k | k network ids (16 B)  |
 * |       | (32)       | (16, random) | (epoch millis)| u8 1..64| UTF-8    | u8     |                       |
 * +-------+------------+--------------+---------------+---------+----------+--------+-----------------------+
 * | Ed25519 signature (64) over everything before it, by the operator key                                  |
 * +---------------------------------------------------------------------------------------------------------+
 * </pre>
 * k = 0: the node serves every network of the chain.
 */
public record EnrollmentGrant(byte[] chainId, byte[] grantId, long expiresAtMillis, String name, List<byte[]> networks,
                              byte[] encoded) {
    public static final int VERSION = 1;
    public static final int MAX_NAME = 64;
    public static final int MAX_NETWORKS = 32;
    static final int OFFSET_CHAIN = 1, OFFSET_GRANT = 33, OFFSET_EXPIRES = 49, OFFSET_NAME_LEN = 57, OFFSET_NAME = 58;
    public static final int SIGNATURE_LEN = 64;
    public static final int MIN_LEN = OFFSET_NAME + 1 + 1 + SIGNATURE_LEN;
    public static final int MAX_LEN = OFFSET_NAME + MAX_NAME + 1 + 16 * MAX_NETWORKS + SIGNATURE_LEN;

    /** Encodes and signs a grant with the operator's private key. */
    public static EnrollmentGrant sign(byte[] operatorPrivate, byte[] chainId, byte[] grantId, long expiresAtMillis, String name,
                                       List<byte[]> networks) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        if (n.length < 1 || n.length > MAX_NAME) {
            throw new IllegalArgumentException("a node name is 1.." + MAX_NAME + " bytes of UTF-8");
        }
        if (networks.size() > MAX_NETWORKS) {
            throw new IllegalArgumentException("a grant names at most " + MAX_NETWORKS + " networks");
        }
        ByteBuffer b = ByteBuffer.allocate(OFFSET_NAME + n.length + 1 + 16 * networks.size() + SIGNATURE_LEN);
        b.put((byte) VERSION).put(chainId).put(grantId).putLong(expiresAtMillis).put((byte) n.length).put(n)
                .put((byte) networks.size());
        for (byte[] id : networks) {
            b.put(id);
        }
        byte[] e = b.array();
        int signed = e.length - SIGNATURE_LEN;
        Ed25519.sign(operatorPrivate, 0, e, 0, signed, e, signed);
        return decodeUnverified(e, 0, e.length);
    }

    /**
     * Decodes {@code g[off .. off+len)} and checks the operator's signature.
     *
     * @throws CertificateException saying what is wrong
     */
    public static EnrollmentGrant verify(byte[] g, int off, int len, byte[] operatorKey) {
        EnrollmentGrant grant = decodeUnverified(g, off, len);
        byte[] e = grant.encoded;
        int signed = e.length - SIGNATURE_LEN;
        if (operatorKey == null || operatorKey.length != 32 || !Ed25519.verify(e, signed, operatorKey, 0, e, 0, signed)) {
            throw new CertificateException("the enrolment grant is not signed by this chain's operator key");
        }
        return grant;
    }

    /** Decodes without checking the signature. @throws CertificateException for a malformed grant */
    public static EnrollmentGrant decodeUnverified(byte[] g, int off, int len) {
        if (g == null || len < MIN_LEN || len > MAX_LEN || off < 0 || off > g.length - len) {
            throw new CertificateException("an enrolment grant is " + MIN_LEN + ".." + MAX_LEN + " bytes, got " + len);
        }
        byte[] e = Arrays.copyOfRange(g, off, off + len);
        if (e[0] != VERSION) {
            throw new CertificateException("unknown enrolment grant version " + e[0]);
        }
        ByteBuffer b = ByteBuffer.wrap(e);
        byte[] chain = Arrays.copyOfRange(e, OFFSET_CHAIN, OFFSET_CHAIN + 32);
        byte[] grant = Arrays.copyOfRange(e, OFFSET_GRANT, OFFSET_GRANT + 16);
        long expires = b.getLong(OFFSET_EXPIRES);
        int nameLen = e[OFFSET_NAME_LEN] & 0xff;
        int netsAt = OFFSET_NAME + nameLen;
        if (nameLen < 1 || nameLen > MAX_NAME || netsAt >= len - SIGNATURE_LEN) {
            throw new CertificateException("bad node name length " + nameLen + " in the enrolment grant");
        }
        String name;
        try {
            name = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(e, OFFSET_NAME, nameLen)).toString();
        } catch (CharacterCodingException ex) {
            throw new CertificateException("the node name in the enrolment grant is not UTF-8");
        }
        int k = e[netsAt] & 0xff;
        if (k > MAX_NETWORKS || netsAt + 1 + 16 * k + SIGNATURE_LEN != len) {
            throw new CertificateException("the enrolment grant's length does not match its " + k + " networks");
        }
        List<byte[]> nets = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            int p = netsAt + 1 + 16 * i;
            nets.add(Arrays.copyOfRange(e, p, p + 16));
        }
        return new EnrollmentGrant(chain, grant, expires, name, List.copyOf(nets), e);
    }

    public String grantIdHex() {
        return HexFormat.of().formatHex(grantId);
    }

    /** The grant id as a long key for tables (its first 8 bytes). */
    public long grantKey() {
        return ByteBuffer.wrap(grantId).getLong();
    }

}
