package atenet.wire.identity;

import atenet.wire.crypto.KeyId;
import atenet.wire.overlay.MessageKind;
import atenet.wire.overlay.OverlayCodec;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

import static atenet.wire.identity.Certs.*;
import static org.junit.jupiter.api.Assertions.*;

class CertExchangeTest {
    private static final byte[] CHAIN = bytes(200, 32);
    private static final long REQ = 0x0123456789abcdefL;

    private static byte[] request() {
        byte[] out = new byte[CertExchange.REQUEST_LEN];
        assertEquals(CertExchange.REQUEST_LEN, CertExchange.writeRequest(out, REQ, CHAIN));
        return out;
    }

    private static byte[] reply(byte[] cert, long requestId) {
        byte[] out = new byte[CertExchange.MAX_REPLY_LEN];
        int n = CertExchange.writeReply(out, requestId, cert);
        return Arrays.copyOf(out, n);
    }

    @Test
    void requestIsExactly1024BytesLaidOutAsDocumented() {
        byte[] out = new byte[1100];
        Arrays.fill(out, (byte) 0x77);
        assertEquals(1024, CertExchange.writeRequest(out, REQ, CHAIN));
        assertEquals(1024, CertExchange.REQUEST_LEN);
        assertEquals(MessageKind.CERT_REQUEST, out[0]);
        assertEquals(REQ, OverlayCodec.getLong(out, 1));
        assertEquals(REQ, CertExchange.requestId(out));
        assertArrayEquals(CHAIN, Arrays.copyOfRange(out, 9, 41));
        for (int i = 41; i < 1024; i++) {
            assertEquals(0, out[i], "padding byte " + i);
        }
        assertEquals(0x77, out[1024], "nothing written past the request");
    }

    @Test
    void aReplyIsNeverLongerThanTheRequest() {
        assertTrue(CertExchange.MAX_REPLY_LEN <= CertExchange.REQUEST_LEN);
        assertEquals(11 + NodeCertificate.MAX_LEN, CertExchange.MAX_REPLY_LEN);
        assertTrue(NodeCertificate.MAX_ENROLLED_LEN < NodeCertificate.MAX_LEN, "a NODE_ADMITTED certificate (with its grant) fits too");
        byte[] largestEnrolled = Certs.entry("é".repeat(32));
        assertEquals(NodeCertificate.MAX_ENROLLED_LEN, largestEnrolled.length);
        byte[] largest = Certs.admitted("é".repeat(32), EnrollmentGrant.MAX_NETWORKS);
        assertEquals(NodeCertificate.MAX_LEN, largest.length);
        assertEquals("é".repeat(32), NodeCertificate.verify(largest, 0, largest.length, Certs.OPERATOR_KEY).name());
        byte[] r = reply(largest, REQ);
        assertEquals(CertExchange.MAX_REPLY_LEN, r.length);
        assertTrue(r.length <= CertExchange.REQUEST_LEN);
    }

    @Test
    void writeReplyRefusesACertificateTooLong() {
        byte[] out = new byte[1200];
        assertThrows(IllegalArgumentException.class, () -> CertExchange.writeReply(out, REQ, new byte[NodeCertificate.MAX_LEN + 1]));
    }

    @Test
    void isRequestForChecksChainIdLengthAndKind() {
        byte[] req = request();
        assertTrue(CertExchange.isRequestFor(req, 1024, CHAIN));
        byte[] other = CHAIN.clone();
        other[31] ^= 1;
        assertFalse(CertExchange.isRequestFor(req, 1024, other));
        byte[] longer = Arrays.copyOf(req, 400);
        for (int len : new int[]{0, 1, 41, 319, 321, 400}) {
            assertFalse(CertExchange.isRequestFor(longer, len, CHAIN), "length " + len);
        }
        for (int k = 0; k < 256; k++) {
            byte[] p = req.clone();
            p[0] = (byte) k;
            assertEquals(p[0] == MessageKind.CERT_REQUEST, CertExchange.isRequestFor(p, 1024, CHAIN), "kind " + k);
        }
        for (int i = 9; i < 41; i++) {
            byte[] p = req.clone();
            p[i] ^= 0x10;
            assertFalse(CertExchange.isRequestFor(p, 1024, CHAIN), "chain id byte " + i);
        }
    }

    @Test
    void replyRoundTrip() {
        byte[] cert = Certs.entry("lyon");
        byte[] r = reply(cert, REQ);
        assertEquals(MessageKind.CERT, r[0]);
        assertEquals(REQ, OverlayCodec.getLong(r, CertExchange.OFFSET_REQUEST_ID));
        assertEquals(cert.length, OverlayCodec.getShort(r, CertExchange.OFFSET_CERT_LEN));
        assertArrayEquals(cert, Arrays.copyOfRange(r, CertExchange.OFFSET_CERT, r.length));
        NodeCertificate c = CertExchange.readReply(r, r.length, REQ, OPERATOR_KEY);
        assertNotNull(c);
        assertEquals("lyon", c.name());
        assertArrayEquals(NODE_X25519, c.x25519Key());
    }

    @Test
    void readReplyIgnoresAnotherRequestId() {
        byte[] r = reply(Certs.entry("lyon"), REQ);
        assertNull(CertExchange.readReply(r, r.length, REQ + 1, OPERATOR_KEY));
        assertNull(CertExchange.readReply(r, r.length, ~REQ, OPERATOR_KEY));
    }

    @Test
    void readReplyIgnoresAnotherKind() {
        byte[] r = reply(Certs.entry("lyon"), REQ);
        for (int k = 0; k < 256; k++) {
            if ((byte) k == MessageKind.CERT) {
                continue;
            }
            byte[] p = r.clone();
            p[0] = (byte) k;
            assertNull(CertExchange.readReply(p, p.length, REQ, OPERATOR_KEY), "kind " + k);
        }
        // a request is not a reply
        byte[] req = request();
        assertNull(CertExchange.readReply(req, CertExchange.MAX_REPLY_LEN, REQ, OPERATOR_KEY));
    }

    @Test
    void readReplyIgnoresImpossibleLengths() {
        byte[] r = Arrays.copyOf(reply(Certs.entry("lyon"), REQ), CertExchange.MAX_REPLY_LEN + 200);
        for (int len : new int[]{0, 1, 8, 10, CertExchange.MAX_REPLY_LEN + 1, CertExchange.MAX_REPLY_LEN + 100,
                CertExchange.MAX_REPLY_LEN + 200}) {
            assertNull(CertExchange.readReply(r, len, REQ, OPERATOR_KEY), "length " + len);
        }
    }

    @Test
    void certificateLengthFieldDisagreeingWithTheMessageIsRefused() {
        byte[] r = reply(Certs.entry("lyon"), REQ);
        for (int certLen : new int[]{0, 1, r.length - 12, r.length - 10, 0xffff}) {
            byte[] p = r.clone();
            OverlayCodec.putShort(p, CertExchange.OFFSET_CERT_LEN, certLen);
            assertThrows(CertificateException.class, () -> CertExchange.readReply(p, p.length, REQ, OPERATOR_KEY),
                    "cert length " + certLen);
        }
        // and the message cut short with the field left as is
        assertThrows(CertificateException.class, () -> CertExchange.readReply(r, r.length - 1, REQ, OPERATOR_KEY));
    }

    @Test
    void aReplyThatDoesNotVerifyIsRefused() {
        byte[] r = reply(Certs.entry("lyon"), REQ);
        assertThrows(CertificateException.class, () -> CertExchange.readReply(r, r.length, REQ, OTHER_KEY));
        byte[] p = r.clone();
        p[p.length - 1] ^= 1;
        assertThrows(CertificateException.class, () -> CertExchange.readReply(p, p.length, REQ, OPERATOR_KEY));
        byte[] n = "x".getBytes(StandardCharsets.UTF_8);
        byte[] notOurs = Certs.entry(1, 3, 1, KeyId.of(OTHER_KEY), -1, 1, n, OTHER_SECRET);
        byte[] q = reply(notOurs, REQ);
        assertThrows(CertificateException.class, () -> CertExchange.readReply(q, q.length, REQ, OPERATOR_KEY));
    }

    @Test
    void randomRepliesGiveNullOrCertificateExceptionOnly() {
        SplittableRandom r = new SplittableRandom(5);
        byte[] base = reply(Certs.entry("lyon"), REQ);
        for (int i = 0; i < 5_000; i++) {
            byte[] b = new byte[CertExchange.MAX_REPLY_LEN];
            int len;
            if (r.nextBoolean()) {
                r.nextBytes(b);
                b[0] = MessageKind.CERT;
                OverlayCodec.putLong(b, 1, REQ);
                len = r.nextInt(0, b.length + 1);
            } else {
                System.arraycopy(base, 0, b, 0, base.length);
                b[r.nextInt(base.length)] = (byte) r.nextInt(256);
                len = r.nextBoolean() ? base.length : r.nextInt(0, b.length + 1);
            }
            int l = len;
            try {
                CertExchange.readReply(b, l, REQ, OPERATOR_KEY);
            } catch (CertificateException expected) {
                assertFalse(expected.getMessage().isBlank());
            } catch (RuntimeException e) {
                throw new AssertionError("iteration " + i + ": " + e, e);
            }
        }
    }
}
