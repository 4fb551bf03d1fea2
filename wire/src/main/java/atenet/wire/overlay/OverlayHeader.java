package atenet.wire.overlay;

/**
 * Layout of a TRANSPORT message: one sealed packet of an established session.
 * <pre>
 *  0        1                                   5
 * +--------+-----------------------------------+
 * | kind   | receiver index (u32)              |     kind = {@link MessageKind#TRANSPORT} (clear)
 * +--------+-----------------------------------+--------------------------------------+
 *  5                                                                                  13
 * | counter (u64, the AES-GCM nonce is 0x00000000 | counter)                          |
 * +--------+--------------------------------------------------------------------------+
 *  13       14
 * | type   | payload ...                       (AES-256-GCM encrypted)               |
 * +--------+--------------------------------------------------------------------------+
 * | tag (16 B)                                                                        |
 * +-----------------------------------------------------------------------------------+
 * </pre>
 * Bytes 0..13 are the AEAD's additional data. The receiver index is the one the <em>receiver</em> chose
 * when the session was made (never a value the sender picks), so a packet finds its session with one
 * lookup. All integers big-endian. The type byte is one of {@link PacketType}.
 */
public final class OverlayHeader {
    public static final int OFFSET_KIND = 0;
    public static final int OFFSET_RECEIVER = 1;
    public static final int OFFSET_COUNTER = 5;
    public static final int HEADER_LEN = 13;
    public static final int OFFSET_TYPE = HEADER_LEN;
    public static final int TYPE_LEN = 1;
    public static final int TAG_LEN = 16;
    /** Header + type + tag: 30 bytes. */
    public static final int OVERHEAD = HEADER_LEN + TYPE_LEN + TAG_LEN;
    public static final int MIN_SEALED_LEN = OVERHEAD;
    public static final int MAX_PACKET_LEN = 1600;
    public static final int MAX_PAYLOAD_LEN = MAX_PACKET_LEN - OVERHEAD;

    public static final int UNDERLAY_IPV4_UDP = 28;
    public static final int UNDERLAY_IPV6_UDP = 48;
    public static final int ETHERNET_HEADER = 14;

    private OverlayHeader() {
    }

    /**
     * The largest TAP MTU (IP packet size inside the overlay) such that a sealed frame never
     * exceeds {@code underlayMtu}: underlayMtu - IP/UDP - overlay overhead - Ethernet header.
     * 1500 over IPv4 gives 1428; over IPv6 1408.
     */
    public static int maxTapMtu(int underlayMtu, boolean ipv6Underlay) {
        return underlayMtu - (ipv6Underlay ? UNDERLAY_IPV6_UDP : UNDERLAY_IPV4_UDP) - OVERHEAD - ETHERNET_HEADER;
    }
}
