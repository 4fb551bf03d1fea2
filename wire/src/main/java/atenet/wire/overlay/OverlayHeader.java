package atenet.wire.overlay;

/**
 * Layout of one overlay packet on the UDP underlay. All integers are big-endian.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                                               |  0
 * +                       network id (16 B)                       +
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    sender key id (8 B)                        | 16
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    session id (8 B)                           | 24
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    counter (8 B)                              | 32
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  type (1 B)   |  payload ...        (AES-256-GCM ciphertext)  | 40
 * +-+-+-+-+-+-+-+-+                                               +
 * |                          ...                                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    GCM tag (16 B)                             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * The 40-byte header is the AEAD's additional data; type and payload are encrypted.
 * The 12-byte GCM nonce is {@code 0x00000000 | counter}; counters start at 1 and only grow
 * under one key, and every handshake makes new keys (see {@link atenet.wire.crypto.SessionKeys}).
 *
 * <p>Counter 0 is reserved for the one unauthenticated message, {@link PacketType#REJECT}:
 * header (counter = 0) | type 0x7f | reason (1 B). It carries no tag.
 */
public final class OverlayHeader {
    public static final int OFFSET_NETWORK_ID = 0;
    public static final int NETWORK_ID_LEN = 16;
    public static final int OFFSET_KEY_ID = 16;
    public static final int OFFSET_SESSION_ID = 24;
    public static final int OFFSET_COUNTER = 32;
    public static final int HEADER_LEN = 40;
    public static final int OFFSET_TYPE = 40;
    public static final int TYPE_LEN = 1;
    public static final int TAG_LEN = 16;
    /** Bytes an overlay packet adds to its payload: header + type + tag. */
    public static final int OVERHEAD = HEADER_LEN + TYPE_LEN + TAG_LEN;
    /** The shortest sealed packet: an empty payload. */
    public static final int MIN_SEALED_LEN = OVERHEAD;
    /** A REJECT: header, type, reason. */
    public static final int REJECT_LEN = HEADER_LEN + 2;
    /** Largest UDP payload we accept or send; anything longer is a counted drop. */
    public static final int MAX_PACKET_LEN = 1600;
    /** Largest payload (an Ethernet frame without FCS) that fits in {@link #MAX_PACKET_LEN}. */
    public static final int MAX_PAYLOAD_LEN = MAX_PACKET_LEN - OVERHEAD;

    /** IPv4 (20) + UDP (8) underlay headers. */
    public static final int UNDERLAY_IPV4_UDP = 28;
    /** IPv6 (40) + UDP (8) underlay headers. */
    public static final int UNDERLAY_IPV6_UDP = 48;
    public static final int ETHERNET_HEADER = 14;

    private OverlayHeader() {
    }

    /**
     * The largest TAP MTU (IP packet size inside the overlay) such that a sealed frame never
     * exceeds {@code underlayMtu}: underlayMtu - IP/UDP - overlay overhead - Ethernet header.
     * 1500 over IPv4 gives 1401; over IPv6 1381.
     */
    public static int maxTapMtu(int underlayMtu, boolean ipv6Underlay) {
        return underlayMtu - (ipv6Underlay ? UNDERLAY_IPV6_UDP : UNDERLAY_IPV4_UDP) - OVERHEAD - ETHERNET_HEADER;
    }
}
