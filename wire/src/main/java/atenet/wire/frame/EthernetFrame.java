package atenet.wire.frame;

/**
 * Offsets in an Ethernet II frame as carried by the overlay (no preamble, no FCS).
 *
 * <pre>
 * +-------------------+-------------------+-----------+--------------------+
 * | destination (6 B) | source (6 B)      | type (2 B)| payload (46-1500 B)|
 * +-------------------+-------------------+-----------+--------------------+
 * 0                   6                   12          14
 * </pre>
 *
 * A TAP device hands over frames without padding, so the overlay accepts frames of 14 bytes
 * and more; shorter ones are malformed.
 */
public final class EthernetFrame {
    public static final int OFFSET_DST = 0;
    public static final int OFFSET_SRC = 6;
    public static final int OFFSET_ETHERTYPE = 12;
    public static final int HEADER_LEN = 14;
    public static final int MIN_LEN = HEADER_LEN;
    public static final int ETHERTYPE_IPV4 = 0x0800;
    public static final int ETHERTYPE_ARP = 0x0806;
    public static final int ETHERTYPE_IPV6 = 0x86dd;

    private EthernetFrame() {
    }
}
