package atenet.wire.overlay;

/**
 * The clear-text first byte of every datagram on the overlay port: message kind and protocol version, read
 * before any crypto so that handshake, cookie, transport and certificate messages (and later STUN, peer and
 * relay messages) share one UDP port.
 * <pre>
 *   7   6   5   4   3   2   1   0
 * +---+---+-------+---------------+
 * | 0 | 1 |version|     kind      |      version 1 → 0x50 | kind
 * +---+---+-------+---------------+
 * </pre>
 * The top bits {@code 01} keep every atenet message out of the ranges that RFC 7983 demultiplexes (STUN
 * 0–3, ZRTP 16–19, DTLS 20–63, TURN channels 64–79 are below 0x50; RTP is 128–191), so a STUN binding
 * request (first byte 0x00 or 0x01) is told apart by its first byte alone.
 */
public final class MessageKind {
    public static final int VERSION = 1;
    private static final int MARK = 0x40 | (VERSION << 4);

    /** Noise IK message 1, client (or peer) → node. */
    public static final byte INIT = (byte) (MARK | 1);
    /** Noise IK message 2, node → client: accepted or an authenticated refusal. */
    public static final byte RESPONSE = (byte) (MARK | 2);
    /** Cookie reply: the node is under load and wants MAC2 from this source. */
    public static final byte COOKIE = (byte) (MARK | 3);
    /** An AEAD-sealed packet of a session (frames, keepalives, node lists, BYE). */
    public static final byte TRANSPORT = (byte) (MARK | 4);
    /** Clear request for the node's certificate (its operator-signed enrolment entry). */
    public static final byte CERT_REQUEST = (byte) (MARK | 5);
    /** The certificate. */
    public static final byte CERT = (byte) (MARK | 6);
    /** Clear hint: the node has no session for the receiver index a transport packet named. */
    public static final byte UNKNOWN_SESSION = (byte) (MARK | 7);
    /**
     * Noise IK message 1 between two nodes (a peer link): the INIT layout, another Noise prologue
     * ({@code InitiatorHandshake.peerPrologue}), so the role is authenticated and a client INIT can never be read as
     * a peer's, or the other way round.
     */
    public static final byte PEER_INIT = (byte) (MARK | 8);

    private MessageKind() {
    }

    /** True when {@code b} carries our marker bits and version (any kind). */
    public static boolean isCurrentVersion(byte b) {
        return (b & 0xf0) == MARK;
    }

    public static String name(byte b) {
        if (!isCurrentVersion(b)) {
            return String.format("foreign(0x%02x)", b & 0xff);
        }
        return switch (b & 0x0f) {
            case 1 -> "init";
            case 2 -> "response";
            case 3 -> "cookie";
            case 4 -> "transport";
            case 5 -> "certRequest";
            case 6 -> "cert";
            case 7 -> "unknownSession";
            case 8 -> "peerInit";
            default -> String.format("unknown(0x%02x)", b & 0xff);
        };
    }
}
