package atenet.wire.identity;

import atenet.wire.crypto.KeyId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

import static atenet.wire.identity.Certs.*;
import static org.junit.jupiter.api.Assertions.*;

class NodeCertificateTest {

    /** Fails unless {@code ex} throws exactly a CertificateException with a message. */
    private static CertificateException refused(Executable ex) {
        Throwable t = assertThrows(Throwable.class, ex);
        if (!(t instanceof CertificateException ce)) {
            throw new AssertionError("expected CertificateException but got " + t, t);
        }
        assertNotNull(ce.getMessage());
        assertFalse(ce.getMessage().isBlank());
        return ce;
    }

    private static CertificateException refused(byte[] entry) {
        return refused(() -> NodeCertificate.verify(entry, 0, entry.length, OPERATOR_KEY));
    }

    private static byte[] withName(byte[] nameBytes) {
        return Certs.entry(1, NodeCertificate.TYPE_NODE_ENROLLED, 42, KeyId.of(OPERATOR_KEY), -1, nameBytes.length, nameBytes,
                OPERATOR_SECRET);
    }

    @Test
    void validEntryVerifiesAndYieldsItsFields() {
        byte[] e = Certs.entry("paris-1");
        NodeCertificate c = NodeCertificate.verify(e, 0, e.length, OPERATOR_KEY);
        assertEquals("paris-1", c.name());
        assertArrayEquals(NODE_SIGNING, c.signingKey());
        assertArrayEquals(NODE_X25519, c.x25519Key());
        assertEquals(KeyId.of(NODE_SIGNING), c.nodeId());
        assertEquals(42, c.sequence());
    }

    @Test
    void validEntryAtAnOffsetVerifies() {
        byte[] e = Certs.entry("x");
        byte[] big = new byte[e.length + 50];
        Arrays.fill(big, (byte) 0x33);
        System.arraycopy(e, 0, big, 17, e.length);
        assertEquals("x", NodeCertificate.verify(big, 17, e.length, OPERATOR_KEY).name());
    }

    @Test
    void unicodeNameAndLongestNameVerify() {
        assertEquals("東京-ノード", NodeCertificate.verify(Certs.entry("東京-ノード"), 0, Certs.entry("東京-ノード").length,
                OPERATOR_KEY).name());
        String longest = "é".repeat(32);
        byte[] e = Certs.entry(longest);
        assertEquals(NodeCertificate.MAX_ENROLLED_LEN, e.length);
        assertEquals(longest, NodeCertificate.verify(e, 0, e.length, OPERATOR_KEY).name());
        assertEquals(62 + 32 + 32 + 2 + 64 + 64, NodeCertificate.MAX_ENROLLED_LEN);
    }

    @Test
    void wrongOperatorKeyIsRefused() {
        byte[] e = Certs.entry("n");
        refused(() -> NodeCertificate.verify(e, 0, e.length, OTHER_KEY));
    }

    @Test
    void badOperatorKeyArgumentIsRefused() {
        byte[] e = Certs.entry("n");
        refused(() -> NodeCertificate.verify(e, 0, e.length, null));
        refused(() -> NodeCertificate.verify(e, 0, e.length, new byte[31]));
        refused(() -> NodeCertificate.verify(e, 0, e.length, Arrays.copyOf(OPERATOR_KEY, 33)));
    }

    @Test
    void otherAuthorIdIsRefusedEvenWhenSignedByTheOperator() {
        byte[] n = "n".getBytes(StandardCharsets.UTF_8);
        refused(Certs.entry(1, 3, 1, KeyId.of(OTHER_KEY), -1, 1, n, OPERATOR_SECRET));
        refused(Certs.entry(1, 3, 1, KeyId.of(OPERATOR_KEY) ^ 1, -1, 1, n, OPERATOR_SECRET));
    }

    @Test
    void rightAuthorIdButAnotherSignerIsRefused() {
        byte[] n = "n".getBytes(StandardCharsets.UTF_8);
        CertificateException ex = refused(Certs.entry(1, 3, 1, KeyId.of(OPERATOR_KEY), -1, 1, n, OTHER_SECRET));
        assertTrue(ex.getMessage().contains("signature"), ex.getMessage());
    }

    @Test
    void anyFlippedByteIsRefused() {
        byte[] e = Certs.entry("node-7");
        for (int i = 0; i < e.length; i++) {
            for (int bit = 0; bit < 8; bit += 3) {
                byte[] p = e.clone();
                p[i] ^= (byte) (1 << bit);
                int at = i;
                int b = bit;
                Throwable t = assertThrows(Throwable.class, () -> NodeCertificate.verify(p, 0, p.length, OPERATOR_KEY),
                        "flip of bit " + b + " of byte " + at);
                assertInstanceOf(CertificateException.class, t, "flip of bit " + bit + " of byte " + i);
            }
        }
    }

    @Test
    void flippedSignatureOrBodyByteIsRefusedAsABadSignature() {
        byte[] e = Certs.entry("node-7");
        byte[] sig = e.clone();
        sig[e.length - 1] ^= 0x01;
        assertTrue(refused(sig).getMessage().contains("signature"));
        byte[] body = e.clone();
        body[70] ^= 0x01; // inside the node's Ed25519 key
        assertTrue(refused(body).getMessage().contains("signature"));
        byte[] name = e.clone();
        name[128] ^= 0x01;
        assertTrue(refused(name).getMessage().contains("signature"));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 4, 5, 255})
    void wrongTypeIsRefused(int type) {
        byte[] n = "n".getBytes(StandardCharsets.UTF_8);
        refused(Certs.entry(1, type, 1, KeyId.of(OPERATOR_KEY), -1, 1, n, OPERATOR_SECRET));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2, 3, 127, 255})
    void wrongVersionIsRefused(int version) {
        byte[] n = "n".getBytes(StandardCharsets.UTF_8);
        refused(Certs.entry(version, 3, 1, KeyId.of(OPERATOR_KEY), -1, 1, n, OPERATOR_SECRET));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 66, 68, 130, 0xffffffffL, 0x80000043L})
    void inconsistentBodyLengthIsRefused(long bodyLen) {
        byte[] n = "n".getBytes(StandardCharsets.UTF_8); // real body length 67
        refused(Certs.entry(1, 3, 1, KeyId.of(OPERATOR_KEY), bodyLen, 1, n, OPERATOR_SECRET));
    }

    @Test
    void nameLengthZeroIsRefused() {
        refused(withName(new byte[0]));
    }

    @Test
    void nameLongerThan64IsRefused() {
        refused(withName("n".repeat(65).getBytes(StandardCharsets.UTF_8)));
        refused(withName("n".repeat(200).getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2, 5, 65, 0x100 | 3, 0xffff})
    void nameLengthFieldDisagreeingWithTheBodyIsRefused(int nameLenField) {
        byte[] n = "abc".getBytes(StandardCharsets.UTF_8);
        refused(Certs.entry(1, 3, 1, KeyId.of(OPERATOR_KEY), -1, nameLenField, n, OPERATOR_SECRET));
    }

    @Test
    void invalidUtf8NameIsRefused() {
        for (byte[] bad : new byte[][]{{(byte) 0xff}, {(byte) 0xc0, (byte) 0x80}, {'a', (byte) 0xe2, (byte) 0x82},
                {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, {(byte) 0x80}}) {
            CertificateException e = refused(withName(bad));
            assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
        }
    }

    @Test
    void everyTruncationIsRefused() {
        byte[] e = Certs.entry("node");
        for (int len = 0; len < e.length; len++) {
            int l = len;
            refused(() -> NodeCertificate.verify(e, 0, l, OPERATOR_KEY));
            refused(() -> NodeCertificate.verify(Arrays.copyOf(e, l), 0, l, OPERATOR_KEY));
        }
    }

    @Test
    void tooLongIsRefused() {
        byte[] e = Certs.entry("node");
        byte[] longer = Arrays.copyOf(e, e.length + 1);
        refused(longer);
        byte[] huge = new byte[NodeCertificate.MAX_LEN + 1];
        refused(huge);
        refused(new byte[100_000]);
    }

    @Test
    void lengthOrOffsetOutsideTheArrayIsRefused() {
        byte[] e = Certs.entry("node");
        refused(() -> NodeCertificate.verify(e, 1, e.length, OPERATOR_KEY));
        refused(() -> NodeCertificate.verify(e, -1, e.length, OPERATOR_KEY));
        refused(() -> NodeCertificate.verify(e, 0, -1, OPERATOR_KEY));
        refused(() -> NodeCertificate.verify(e, Integer.MAX_VALUE, e.length, OPERATOR_KEY));
        refused(() -> NodeCertificate.verify(e, 0, Integer.MIN_VALUE, OPERATOR_KEY));
    }

    /** An operator "key" that is no curve point, with a matching author id, still only gives CertificateException. */
    @Test
    void operatorKeyThatIsNoPointIsRefused() {
        byte[] notAPoint = new byte[32];
        Arrays.fill(notAPoint, (byte) 0xff);
        byte[] n = "n".getBytes(StandardCharsets.UTF_8);
        byte[] e = Certs.entry(1, 3, 1, KeyId.of(notAPoint), -1, 1, n, OPERATOR_SECRET);
        refused(() -> NodeCertificate.verify(e, 0, e.length, notAPoint));
        byte[] zero = new byte[32];
        byte[] e2 = Certs.entry(1, 3, 1, KeyId.of(zero), -1, 1, n, OPERATOR_SECRET);
        refused(() -> NodeCertificate.verify(e2, 0, e2.length, zero));
    }

    @Test
    void verifyReturnsCopiesNotViewsOfTheInput() {
        byte[] e = Certs.entry("node");
        NodeCertificate c = NodeCertificate.verify(e, 0, e.length, OPERATOR_KEY);
        Arrays.fill(e, (byte) 0);
        assertArrayEquals(NODE_SIGNING, c.signingKey());
        assertArrayEquals(NODE_X25519, c.x25519Key());
    }

    @Test
    void randomInputOnlyThrowsCertificateException() {
        SplittableRandom r = new SplittableRandom(8);
        byte[] base = Certs.entry("node-1");
        for (int i = 0; i < 5_000; i++) {
            byte[] b;
            if (r.nextBoolean()) {
                b = new byte[r.nextInt(0, 300)];
                r.nextBytes(b);
                if (b.length > 2 && r.nextBoolean()) {
                    b[0] = 1;
                    b[1] = 3;
                }
            } else {
                b = Arrays.copyOf(base, r.nextInt(0, base.length + 20));
                for (int k = 0; k < 3 && b.length > 0; k++) {
                    b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                }
            }
            byte[] in = b;
            if (Arrays.equals(in, base)) {
                continue;
            }
            refused(() -> NodeCertificate.verify(in, 0, in.length, OPERATOR_KEY));
        }
    }

    @Test
    void anIssuedCertificateIsTheHandBuiltLayoutAndVerifies() {
        byte[] issued = NodeCertificate.issue(Certs.OPERATOR_SECRET, 7, 1_764_000_000_000L, Certs.NODE_SIGNING,
                Certs.NODE_X25519, "node-a");
        NodeCertificate c = NodeCertificate.verify(issued, 0, issued.length, Certs.OPERATOR_KEY);
        org.junit.jupiter.api.Assertions.assertEquals("node-a", c.name());
        org.junit.jupiter.api.Assertions.assertEquals(7, c.sequence());
        org.junit.jupiter.api.Assertions.assertArrayEquals(Certs.NODE_X25519, c.x25519Key());
        org.junit.jupiter.api.Assertions.assertThrows(CertificateException.class,
                () -> NodeCertificate.verify(issued, 0, issued.length, Certs.OTHER_KEY));
    }
}
