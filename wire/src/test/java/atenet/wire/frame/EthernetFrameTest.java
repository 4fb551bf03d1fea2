package atenet.wire.frame;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class EthernetFrameTest {
    @Test
    void layout() {
        assertEquals(0, EthernetFrame.OFFSET_DST);
        assertEquals(6, EthernetFrame.OFFSET_SRC);
        assertEquals(12, EthernetFrame.OFFSET_ETHERTYPE);
        assertEquals(14, EthernetFrame.HEADER_LEN);
        assertEquals(EthernetFrame.HEADER_LEN, EthernetFrame.MIN_LEN);
        assertEquals(0x0800, EthernetFrame.ETHERTYPE_IPV4);
        assertEquals(0x0806, EthernetFrame.ETHERTYPE_ARP);
        assertEquals(0x86dd, EthernetFrame.ETHERTYPE_IPV6);
        assertEquals(atenet.wire.overlay.OverlayHeader.ETHERNET_HEADER, EthernetFrame.HEADER_LEN);
    }
}
