package atenet.wire.frame;

/**
 * Recognises the frames that only a router or a DHCP server may send, so that a switch can refuse
 * them from client ports (RA guard, RFC 6105; DHCP snooping). One pass over the headers,
 * allocation-free, every read checked against the frame's length; anything it cannot parse is
 * {@link #NONE} (not a server frame).
 *
 * <pre>
 * Ethernet   dst(6) | src(6) | type(2)                       type 0x8100 / 0x88a8: a VLAN tag,
 *            [ TPID(2) TCI(2) ] at most {@value #MAX_TAGS} tags skipped, the type follows each tag
 *
 * IPv4 (0x0800)  0        4        8                16               31
 *                +--------+--------+----------------+----------------+
 *                |ver|IHL |  TOS   |       total length              |
 *                |  identification | flags|  fragment offset (13 b)  |   offset ≠ 0: no UDP header here
 *                |  TTL   | proto 17 (UDP)|  header checksum         |
 *                |  source, destination (4 + 4)    [options: IHL*4 − 20]
 *   UDP          | source port 67  | destination port 68   → {@link #DHCP_SERVER}    RFC 2131 §4.1
 *
 * IPv6 (0x86dd)  ver/class/flow(4) | payload length(2) | next header(1) | hop limit(1) | src(16) | dst(16)
 *   extension headers walked (at most {@value #MAX_EXT_HEADERS}), each: next header(1) | length(1) | ...
 *     0 hop-by-hop, 43 routing, 60 destination options: (length + 1) * 8 bytes     RFC 8200 §4
 *     44 fragment: 8 bytes; offset ≠ 0 → a later fragment, not inspected
 *     51 AH: (length + 2) * 4 bytes                                                 RFC 4302 §2
 *   58 ICMPv6    type 134 (Router Advertisement)           → {@link #ROUTER_ADVERTISEMENT}  RFC 4861 §4.2
 *   17 UDP       source port 547 (DHCPv6 server / relay)    → {@link #DHCP_SERVER}    RFC 8415 §7.2
 * </pre>
 *
 * Not caught: an RA whose ICMPv6 header sits in a later fragment than the first (RFC 7113 §3);
 * hosts that follow RFC 7112 drop a first fragment without the whole header chain themselves.
 */
public final class ServerFrames {
    public static final int NONE = 0;
    public static final int ROUTER_ADVERTISEMENT = 1;
    public static final int DHCP_SERVER = 2;

    static final int MAX_TAGS = 2;
    static final int MAX_EXT_HEADERS = 8;

    private static final int ETHERTYPE_VLAN = 0x8100;
    private static final int ETHERTYPE_QINQ = 0x88a8;
    private static final int VLAN_TAG_LEN = 4;
    private static final int IPV4_MIN_HEADER = 20;
    private static final int IPV6_HEADER = 40;
    private static final int UDP_HEADER = 8;
    private static final int PROTO_UDP = 17;
    private static final int PROTO_ICMPV6 = 58;
    private static final int NH_HOP_BY_HOP = 0;
    private static final int NH_ROUTING = 43;
    private static final int NH_FRAGMENT = 44;
    private static final int NH_AH = 51;
    private static final int NH_DEST_OPTS = 60;
    private static final int ICMPV6_ROUTER_ADVERTISEMENT = 134;
    private static final int DHCP_SERVER_PORT = 67;
    private static final int DHCP_CLIENT_PORT = 68;
    private static final int DHCPV6_SERVER_PORT = 547;

    private ServerFrames() {
    }

    /**
     * HOT PATH. Classifies {@code frame[off .. off+len)}.
     *
     * @return {@link #ROUTER_ADVERTISEMENT}, {@link #DHCP_SERVER} or {@link #NONE}
     */
    public static int classify(byte[] frame, int off, int len) {
        if (off < 0 || len < EthernetFrame.HEADER_LEN || len > frame.length - off) {
            return NONE;
        }
        int end = off + len;
        int typeAt = off + EthernetFrame.OFFSET_ETHERTYPE;
        int type = u16(frame, typeAt);
        for (int tags = 0; tags < MAX_TAGS && (type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ); tags++) {
            typeAt += VLAN_TAG_LEN;
            if (typeAt + 2 > end) {
                return NONE;
            }
            type = u16(frame, typeAt);
        }
        int l3 = typeAt + 2;
        if (type == EthernetFrame.ETHERTYPE_IPV4) {
            return ipv4(frame, l3, end);
        }
        if (type == EthernetFrame.ETHERTYPE_IPV6) {
            return ipv6(frame, l3, end);
        }
        return NONE;
    }

    private static int ipv4(byte[] f, int ip, int end) {
        if (ip + IPV4_MIN_HEADER > end || (f[ip] & 0xf0) != 0x40) {
            return NONE;
        }
        int ihl = (f[ip] & 0x0f) * 4;
        if (ihl < IPV4_MIN_HEADER || f[ip + 9] != PROTO_UDP || (u16(f, ip + 6) & 0x1fff) != 0) {
            return NONE;
        }
        int udp = ip + ihl;
        if (udp + UDP_HEADER > end) {
            return NONE;
        }
        return u16(f, udp) == DHCP_SERVER_PORT && u16(f, udp + 2) == DHCP_CLIENT_PORT ? DHCP_SERVER : NONE;
    }

    private static int ipv6(byte[] f, int ip, int end) {
        if (ip + IPV6_HEADER > end || (f[ip] & 0xf0) != 0x60) {
            return NONE;
        }
        int next = f[ip + 6] & 0xff;
        int at = ip + IPV6_HEADER;
        for (int i = 0; i < MAX_EXT_HEADERS; i++) {
            switch (next) {
                case PROTO_ICMPV6:
                    return at < end && (f[at] & 0xff) == ICMPV6_ROUTER_ADVERTISEMENT ? ROUTER_ADVERTISEMENT : NONE;
                case PROTO_UDP:
                    return at + UDP_HEADER <= end && u16(f, at) == DHCPV6_SERVER_PORT ? DHCP_SERVER : NONE;
                case NH_HOP_BY_HOP, NH_ROUTING, NH_DEST_OPTS, NH_FRAGMENT, NH_AH:
                    if (at + 8 > end) {
                        return NONE;
                    }
                    int length;
                    if (next == NH_FRAGMENT) {
                        if ((u16(f, at + 2) & 0xfff8) != 0) {
                            return NONE;                        // a later fragment: no upper-layer header
                        }
                        length = 8;
                    } else if (next == NH_AH) {
                        length = ((f[at + 1] & 0xff) + 2) * 4;
                    } else {
                        length = ((f[at + 1] & 0xff) + 1) * 8;
                    }
                    next = f[at] & 0xff;
                    at += length;
                    break;
                default:
                    return NONE;
            }
        }
        return NONE;
    }

    private static int u16(byte[] b, int i) {
        return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }
}
