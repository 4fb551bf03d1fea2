package atenet.wire.handshake;

/**
 * Byte layouts of the handshake messages (all integers big-endian; "noise" = the Noise IK message of
 * {@link NoiseIK}).
 * <pre>
 * INIT (client or peer → node), 161 bytes
 *  0      1                5                                                          129       145       161
 * +------+----------------+----------------------------------------------------------+---------+---------+
 * | kind | sender index   | noise message 1: e (32) | s (32+16) | payload (28+16)     | mac1    | mac2    |
 * +------+----------------+----------------------------------------------------------+---------+---------+
 *   payload = TAI64N timestamp (12) | network id (16)
 *   A node dialling a peer node sends the same message with kind PEER_INIT (0x58) and the Noise prologue
 *   "atenet/1 peer IK" | chain id instead of "atenet/1 IK" | chain id: the role is authenticated.
 *
 * RESPONSE (node → initiator), 92 bytes
 *  0      1                5                9                                     60        76        92
 * +------+----------------+----------------+-------------------------------------+---------+---------+
 * | kind | sender index   | receiver index | noise message 2: e (32) | payload (3+16) | mac1 | mac2 (0) |
 * +------+----------------+----------------+-------------------------------------+---------+---------+
 *   payload = status (1: 0 accepted, else a RejectReason code) | advised TAP MTU (u16)
 *   A refusal carries sender index 0 and makes no session. It is authenticated by the Noise handshake.
 *
 * COOKIE (node → initiator), 49 bytes
 *  0      1                5                         17                                 49
 * +------+----------------+-------------------------+----------------------------------+
 * | kind | receiver index | nonce (12, random)      | AES-256-GCM(cookie (16)) + tag    |
 * +------+----------------+-------------------------+----------------------------------+
 * </pre>
 * The sender index of a message is the index its <em>sender</em> chose for itself: the other side puts it
 * in the receiver field of every packet it sends back. Index 0 is never chosen.
 *
 * <p>MACs (after WireGuard §5.4.4, with HMAC-SHA256 truncated to 16 bytes instead of keyed BLAKE2s):
 * <pre>
 *   mac1 = HMAC-SHA256(SHA-256("mac1----" | receiver's static public key), msg[0 .. mac1))[0..16]
 *   mac2 = HMAC-SHA256(cookie, msg[0 .. mac2))[0..16]          or 16 zero bytes without a cookie
 *   cookie = HMAC-SHA256(node secret (rotated every 120 s), source address | source port)[0..16]
 *   COOKIE encryption key = SHA-256("cookie--" | node static public key), AAD = the mac1 it answers
 * </pre>
 * mac1 proves the sender knows whom it talks to (cheap filter before any Diffie-Hellman); mac2 proves it
 * can receive at its source address, which a node under load demands before it spends a handshake.
 */
public final class HandshakeLayout {
    public static final int NETWORK_ID_LEN = 16;
    public static final int PAYLOAD1_LEN = Tai64n.LEN + NETWORK_ID_LEN;
    public static final int PAYLOAD2_LEN = 3;
    public static final int MAC_LEN = 16;

    public static final int INIT_OFFSET_SENDER = 1;
    public static final int INIT_OFFSET_NOISE = 5;
    public static final int INIT_NOISE_LEN = NoiseIK.message1Len(PAYLOAD1_LEN);
    public static final int INIT_OFFSET_MAC1 = INIT_OFFSET_NOISE + INIT_NOISE_LEN;
    public static final int INIT_OFFSET_MAC2 = INIT_OFFSET_MAC1 + MAC_LEN;
    public static final int INIT_LEN = INIT_OFFSET_MAC2 + MAC_LEN;

    public static final int RESP_OFFSET_SENDER = 1;
    public static final int RESP_OFFSET_RECEIVER = 5;
    public static final int RESP_OFFSET_NOISE = 9;
    public static final int RESP_NOISE_LEN = NoiseIK.message2Len(PAYLOAD2_LEN);
    public static final int RESP_OFFSET_MAC1 = RESP_OFFSET_NOISE + RESP_NOISE_LEN;
    public static final int RESP_OFFSET_MAC2 = RESP_OFFSET_MAC1 + MAC_LEN;
    public static final int RESP_LEN = RESP_OFFSET_MAC2 + MAC_LEN;

    public static final int COOKIE_OFFSET_RECEIVER = 1;
    public static final int COOKIE_OFFSET_NONCE = 5;
    public static final int COOKIE_NONCE_LEN = 12;
    public static final int COOKIE_OFFSET_SEALED = COOKIE_OFFSET_NONCE + COOKIE_NONCE_LEN;
    public static final int COOKIE_LEN = COOKIE_OFFSET_SEALED + MAC_LEN + NoiseIK.TAG_LEN;

    /** Status byte of an accepting RESPONSE. */
    public static final int STATUS_OK = 0;

    private HandshakeLayout() {
    }
}
