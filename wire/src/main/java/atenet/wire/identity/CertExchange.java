package atenet.wire.identity;

import atenet.wire.overlay.MessageKind;
import atenet.wire.overlay.OverlayCodec;

import java.util.Arrays;

/**
 * Asking a node for its certificate, in clear, before the first handshake to it (the client then knows the
 * node's static key for Noise IK and mac1).
 * <pre>
 * CERT_REQUEST (client → node), exactly 320 bytes
 *  0      1                 9                      41
 * +------+-----------------+----------------------+---------------------------+
 * | kind | request id u64  | chain id (32)        | zero padding to 320 bytes |
 * +------+-----------------+----------------------+---------------------------+
 * CERT (node → client), at most 320 bytes
 *  0      1                 9                   11
 * +------+-----------------+-------------------+------------------------------------------+
 * | kind | request id u64  | length u16        | NODE_ENROLLED entry ({@link NodeCertificate}) |
 * +------+-----------------+-------------------+------------------------------------------+
 * </pre>
 * A node of another chain answers with a CERT of length 0 followed by its own chain id (32 B), so a user
 * who brought a token to the wrong fabric is told so. That answer is unauthenticated: the client only
 * reports it and keeps trying (never stops for it).
 *
 * <p>The request is padded so that the answer is never larger (the node is no amplifier), and the node
 * answers with its certificate only for its own chain id, at a budgeted rate. The answer is unauthenticated transport-wise but
 * self-authenticating: the operator's signature inside it is what the client trusts. The request id (random)
 * ties an answer to a question; a forged answer can at most make the client ask again.
 */
public final class CertExchange {
    public static final int REQUEST_LEN = 1024;
    public static final int OFFSET_REQUEST_ID = 1;
    public static final int OFFSET_CHAIN_ID = 9;
    public static final int OFFSET_CERT_LEN = 9;
    public static final int OFFSET_CERT = 11;
    public static final int MAX_REPLY_LEN = OFFSET_CERT + NodeCertificate.MAX_LEN;

    static {
        if (MAX_REPLY_LEN > REQUEST_LEN) {
            throw new AssertionError("a CERT must never be larger than its request");
        }
    }

    private CertExchange() {
    }

    public static int writeRequest(byte[] out, long requestId, byte[] chainId) {
        Arrays.fill(out, 0, REQUEST_LEN, (byte) 0);
        out[0] = MessageKind.CERT_REQUEST;
        OverlayCodec.putLong(out, OFFSET_REQUEST_ID, requestId);
        System.arraycopy(chainId, 0, out, OFFSET_CHAIN_ID, 32);
        return REQUEST_LEN;
    }

    /** True when {@code msg} is a well-formed request for {@code chainId}. */
    public static boolean isRequestFor(byte[] msg, int len, byte[] chainId) {
        if (len != REQUEST_LEN || msg.length < REQUEST_LEN || chainId == null || chainId.length != 32
                || msg[0] != MessageKind.CERT_REQUEST) {
            return false;
        }
        return Arrays.equals(msg, OFFSET_CHAIN_ID, OFFSET_CHAIN_ID + 32, chainId, 0, 32);
    }

    public static long requestId(byte[] msg) {
        return OverlayCodec.getLong(msg, OFFSET_REQUEST_ID);
    }

    /** Writes a CERT answering {@code requestId}; returns its length. */
    public static int writeReply(byte[] out, long requestId, byte[] certificate) {
        if (certificate.length > NodeCertificate.MAX_LEN) {
            throw new IllegalArgumentException("certificate of " + certificate.length + " bytes is too long");
        }
        out[0] = MessageKind.CERT;
        OverlayCodec.putLong(out, OFFSET_REQUEST_ID, requestId);
        OverlayCodec.putShort(out, OFFSET_CERT_LEN, certificate.length);
        System.arraycopy(certificate, 0, out, OFFSET_CERT, certificate.length);
        return OFFSET_CERT + certificate.length;
    }

    /** Writes the "another chain" answer: a CERT of length 0 and this node's chain id. */
    public static int writeOtherChain(byte[] out, long requestId, byte[] ownChainId) {
        out[0] = MessageKind.CERT;
        OverlayCodec.putLong(out, OFFSET_REQUEST_ID, requestId);
        OverlayCodec.putShort(out, OFFSET_CERT_LEN, 0);
        System.arraycopy(ownChainId, 0, out, OFFSET_CERT, 32);
        return OFFSET_CERT + 32;
    }

    /** The chain id in an "another chain" answer to {@code requestId}, or null when {@code msg} is not one. */
    public static byte[] otherChain(byte[] msg, int len, long requestId) {
        if (len != OFFSET_CERT + 32 || msg[0] != MessageKind.CERT || OverlayCodec.getLong(msg, OFFSET_REQUEST_ID) != requestId
                || OverlayCodec.getShort(msg, OFFSET_CERT_LEN) != 0) {
            return null;
        }
        return Arrays.copyOfRange(msg, OFFSET_CERT, OFFSET_CERT + 32);
    }

    /** The chain id a well-formed request asks about (any chain), or null. */
    public static byte[] requestedChain(byte[] msg, int len) {
        if (len != REQUEST_LEN || msg.length < REQUEST_LEN || msg[0] != MessageKind.CERT_REQUEST) {
            return null;
        }
        return Arrays.copyOfRange(msg, OFFSET_CHAIN_ID, OFFSET_CHAIN_ID + 32);
    }

    /**
     * Reads a CERT answering {@code requestId} and verifies it against the operator key.
     *
     * @return the certificate, or null when the message is not an answer to this request
     * @throws CertificateException when it is an answer but does not verify
     */
    public static NodeCertificate readReply(byte[] msg, int len, long requestId, byte[] operatorKey) {
        if (len < OFFSET_CERT || len > MAX_REPLY_LEN || msg[0] != MessageKind.CERT
                || OverlayCodec.getLong(msg, OFFSET_REQUEST_ID) != requestId || otherChain(msg, len, requestId) != null) {
            return null;
        }
        int certLen = OverlayCodec.getShort(msg, OFFSET_CERT_LEN);
        if (OFFSET_CERT + certLen != len) {
            throw new CertificateException("certificate length " + certLen + " does not match the message");
        }
        return NodeCertificate.verify(msg, OFFSET_CERT, certLen, operatorKey);
    }
}
