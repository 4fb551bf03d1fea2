package atenet.wire.identity;

import atenet.wire.overlay.MessageKind;
import atenet.wire.overlay.OverlayCodec;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.util.Arrays;

/**
 * Layer: fuzz (docs/testing.md "Fuzzing"). The clear certificate exchange on hostile datagrams, as the node
 * and the client call it: a receive buffer and a received length {@code 0 ≤ len ≤ buffer length} (the
 * request readers, which check the buffer themselves, also get any int). Raw bytes, or a genuine CERT /
 * "another chain" answer / request with bytes spliced in. The only exception allowed is
 * {@link CertificateException} (from {@link CertExchange#readReply}); a reply is accepted only when it is at
 * most {@link CertExchange#REQUEST_LEN} bytes (no amplification), answers the request id asked, and carries
 * the certificate the operator signed.
 */
class CertExchangeFuzzTest {
    private static final long REQUEST_ID = 0x0123456789abcdefL;
    private static final byte[] CHAIN = Certs.bytes(200, 32);
    private static final byte[] OTHER_CHAIN = Certs.bytes(201, 32);
    private static final byte[] CERT = Certs.entry("node-a");

    @FuzzTest(maxDuration = "60s")
    void reply(FuzzedDataProvider data) {
        int mode = data.consumeInt(0, 3);
        int anyLen = data.consumeInt();
        byte[] msg = new byte[CertExchange.REQUEST_LEN];
        int len;
        switch (mode) {
            case 0 -> len = CertExchange.writeReply(msg, REQUEST_ID, CERT);
            case 1 -> len = CertExchange.writeOtherChain(msg, REQUEST_ID, OTHER_CHAIN);
            case 2 -> len = CertExchange.writeRequest(msg, REQUEST_ID, CHAIN);
            default -> {
                msg = null;
                len = 0;
            }
        }
        byte[] genuine = msg == null ? null : Arrays.copyOf(msg, len);
        if (msg == null) {
            msg = data.consumeRemainingAsBytes();
            len = msg.length == 0 ? 0 : Math.floorMod(anyLen, msg.length + 1);
        } else {
            int at = data.consumeInt(0, len - 1);
            len = data.consumeBoolean() ? len : data.consumeInt(0, msg.length);
            byte[] with = data.consumeRemainingAsBytes();
            System.arraycopy(with, 0, msg, at, Math.min(with.length, msg.length - at));
        }

        // Request side: these check the buffer themselves, so any length.
        boolean forUs = CertExchange.isRequestFor(msg, anyLen, CHAIN) | CertExchange.isRequestFor(msg, len, CHAIN);
        byte[] asked = CertExchange.requestedChain(msg, anyLen);
        byte[] asked2 = CertExchange.requestedChain(msg, len);
        if (forUs && asked == null && asked2 == null) {
            throw new AssertionError("a request for our chain names no chain");
        }
        for (byte[] a : new byte[][]{asked, asked2}) {
            if (a != null && a.length != 32) {
                throw new AssertionError("a requested chain of " + a.length + " bytes");
            }
        }
        if (CertExchange.isRequestFor(msg, len, CHAIN)) {
            if (len != CertExchange.REQUEST_LEN || msg[0] != MessageKind.CERT_REQUEST
                    || !Arrays.equals(CertExchange.requestedChain(msg, len), CHAIN)) {
                throw new AssertionError("isRequestFor accepted a malformed request");
            }
            CertExchange.requestId(msg);
        }

        // Reply side.
        byte[] other = CertExchange.otherChain(msg, len, REQUEST_ID);
        if (other != null && (other.length != 32 || len != CertExchange.OFFSET_CERT + 32)) {
            throw new AssertionError("otherChain accepted " + len + " bytes");
        }
        NodeCertificate c;
        try {
            c = CertExchange.readReply(msg, len, REQUEST_ID, Certs.OPERATOR_KEY);
        } catch (CertificateException refused) {
            return;
        }
        if (c == null) {
            return;
        }
        if (len > CertExchange.REQUEST_LEN || len > CertExchange.MAX_REPLY_LEN) {
            throw new AssertionError("accepted a reply of " + len + " bytes, longer than a request");
        }
        if (OverlayCodec.getLong(msg, CertExchange.OFFSET_REQUEST_ID) != REQUEST_ID || msg[0] != MessageKind.CERT) {
            throw new AssertionError("accepted a reply to another request");
        }
        if (mode != 0 || !Arrays.equals(msg, CertExchange.OFFSET_CERT, len, genuine, CertExchange.OFFSET_CERT, genuine.length)
                || !Arrays.equals(c.x25519Key(), Certs.NODE_X25519)) {
            throw new AssertionError("accepted a certificate the operator did not sign (mode " + mode + ")");
        }
    }
}
