package atenet.wire.frame;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

import static atenet.wire.frame.ServerFrames.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Layer: unit, codec with bad input. Crafted frames, byte by byte; every truncation is NONE. */
class ServerFramesTest {
    static final long DST = MacAddress.BROADCAST;
    static final long SRC = 0x02_00_00_00_00_0aL;

    /** Ethernet header with {@code tags} VLAN tags (0x8100, VID 7), then the frame's type. */
    static ByteArrayOutputStream eth(int type, int tags) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] macs = new byte[12];
        MacAddress.write(macs, 0, DST);
        MacAddress.write(macs, 6, SRC);
        b.writeBytes(macs);
        for (int i = 0; i < tags; i++) {
            b.writeBytes(new byte[]{(byte) 0x81, 0x00, 0x00, 0x07});
        }
        b.writeBytes(new byte[]{(byte) (type >> 8), (byte) type});
        return b;
    }

    static byte[] ipv4Udp(int tags, int srcPort, int dstPort, int ihlWords, int fragOffset) {
        ByteArrayOutputStream b = eth(0x0800, tags);
        byte[] ip = new byte[ihlWords * 4];
        ip[0] = (byte) (0x40 | ihlWords);
        ip[6] = (byte) (fragOffset >> 8);
        ip[7] = (byte) fragOffset;
        ip[8] = 64;
        ip[9] = 17;
        b.writeBytes(ip);
        b.writeBytes(new byte[]{(byte) (srcPort >> 8), (byte) srcPort, (byte) (dstPort >> 8), (byte) dstPort, 0, 8, 0, 0});
        b.writeBytes(new byte[240]);                                     // DHCP payload, not inspected
        return b.toByteArray();
    }

    /** IPv6 with the given extension headers (each a full header whose first byte is patched), then {@code upper}. */
    static byte[] ipv6(int tags, int firstNext, byte[] upper, byte[]... ext) {
        ByteArrayOutputStream b = eth(0x86dd, tags);
        byte[] ip = new byte[40];
        ip[0] = 0x60;
        ip[6] = (byte) firstNext;
        ip[7] = (byte) 255;
        b.writeBytes(ip);
        for (byte[] e : ext) {
            b.writeBytes(e);
        }
        b.writeBytes(upper);
        return b.toByteArray();
    }

    static byte[] icmpv6(int type) {
        return new byte[]{(byte) type, 0, 0, 0, 64, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    }

    static byte[] udp(int srcPort, int dstPort) {
        return new byte[]{(byte) (srcPort >> 8), (byte) srcPort, (byte) (dstPort >> 8), (byte) dstPort, 0, 8, 0, 0};
    }

    /** Hop-by-hop / routing / destination options header of (len + 1) * 8 bytes. */
    static byte[] ext8(int next, int len) {
        byte[] e = new byte[(len + 1) * 8];
        e[0] = (byte) next;
        e[1] = (byte) len;
        return e;
    }

    static byte[] fragment(int next, int offsetUnits) {
        int v = offsetUnits << 3;
        return new byte[]{(byte) next, 0, (byte) (v >> 8), (byte) v, 0, 0, 0, 1};
    }

    static int classify(byte[] f) {
        return ServerFrames.classify(f, 0, f.length);
    }

    @Test
    void dhcpServerReplyIsRecognised() {
        assertEquals(DHCP_SERVER, classify(ipv4Udp(0, 67, 68, 5, 0)));
        assertEquals(DHCP_SERVER, classify(ipv4Udp(0, 67, 68, 6, 0)), "IPv4 options are skipped");
        assertEquals(DHCP_SERVER, classify(ipv4Udp(1, 67, 68, 5, 0)), "behind one 802.1Q tag");
        assertEquals(DHCP_SERVER, classify(ipv4Udp(2, 67, 68, 5, 0)), "behind two tags");
        assertEquals(NONE, classify(ipv4Udp(3, 67, 68, 5, 0)), "a third tag is not looked behind");
    }

    @Test
    void clientDhcpAndOtherUdpPass() {
        assertEquals(NONE, classify(ipv4Udp(0, 68, 67, 5, 0)), "DISCOVER/REQUEST from a client");
        assertEquals(NONE, classify(ipv4Udp(0, 67, 67, 5, 0)), "server to relay is not 67→68");
        assertEquals(NONE, classify(ipv4Udp(0, 53, 68, 5, 0)));
        assertEquals(NONE, classify(ipv4Udp(0, 67, 68, 5, 100)), "a later fragment has no UDP header");
        assertEquals(NONE, classify(ipv4Udp(0, 67, 68, 4, 0)), "IHL below 5 is not IPv4");
    }

    @Test
    void routerAdvertisementIsRecognised() {
        assertEquals(ROUTER_ADVERTISEMENT, classify(ipv6(0, 58, icmpv6(134))));
        assertEquals(ROUTER_ADVERTISEMENT, classify(ipv6(1, 58, icmpv6(134))), "behind one 802.1Q tag");
        assertEquals(ROUTER_ADVERTISEMENT, classify(ipv6(0, 0, icmpv6(134), ext8(60, 0), ext8(43, 2), ext8(58, 1))),
                "behind hop-by-hop, destination options and routing headers");
        assertEquals(ROUTER_ADVERTISEMENT, classify(ipv6(0, 44, icmpv6(134), fragment(58, 0))), "first fragment");
    }

    @Test
    void otherIcmpv6AndLaterFragmentsPass() {
        assertEquals(NONE, classify(ipv6(0, 58, icmpv6(133))), "Router Solicitation");
        assertEquals(NONE, classify(ipv6(0, 58, icmpv6(135))), "Neighbour Solicitation");
        assertEquals(NONE, classify(ipv6(0, 44, icmpv6(134), fragment(58, 5))), "later fragment: not inspected");
        assertEquals(NONE, classify(ipv6(0, 59, icmpv6(134))), "no next header");
    }

    @Test
    void dhcpv6ServerIsRecognisedByItsSourcePort() {
        assertEquals(DHCP_SERVER, classify(ipv6(0, 17, udp(547, 546))));
        assertEquals(DHCP_SERVER, classify(ipv6(0, 0, udp(547, 546), ext8(17, 0))));
        assertEquals(NONE, classify(ipv6(0, 17, udp(546, 547))), "SOLICIT from a client");
    }

    @Test
    void everyTruncationIsNone() {
        byte[][] frames = {ipv4Udp(1, 67, 68, 6, 0), ipv6(1, 0, icmpv6(134), ext8(58, 1)), ipv6(0, 17, udp(547, 546))};
        for (byte[] f : frames) {
            int full = classify(f);
            int upperEnd = f.length == 0 ? 0 : lastNeededByte(f, full);
            for (int len = 0; len < upperEnd; len++) {
                assertEquals(NONE, ServerFrames.classify(Arrays.copyOf(f, len), 0, len), "cut at " + len);
            }
        }
    }

    /** The shortest prefix of {@code f} that still classifies as {@code full}. */
    private static int lastNeededByte(byte[] f, int full) {
        int len = f.length;
        while (len > 0 && ServerFrames.classify(f, 0, len - 1) == full) {
            len--;
        }
        return len;
    }

    @Test
    void offsetsAndLengthsOutsideTheArrayAreNone() {
        byte[] f = ipv6(0, 58, icmpv6(134));
        assertEquals(NONE, ServerFrames.classify(f, -1, f.length));
        assertEquals(NONE, ServerFrames.classify(f, 1, f.length));
        assertEquals(NONE, ServerFrames.classify(f, 0, -5));
        assertEquals(NONE, ServerFrames.classify(f, Integer.MAX_VALUE, 20));
        byte[] shifted = new byte[f.length + 3];
        System.arraycopy(f, 0, shifted, 3, f.length);
        assertEquals(ROUTER_ADVERTISEMENT, ServerFrames.classify(shifted, 3, f.length));
    }
}
