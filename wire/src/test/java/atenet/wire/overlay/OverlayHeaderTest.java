package atenet.wire.overlay;

import atenet.wire.crypto.PacketCipher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.crypto.spec.SecretKeySpec;

import static atenet.wire.overlay.OverlayHeader.*;
import static org.junit.jupiter.api.Assertions.*;

class OverlayHeaderTest {

    @Test
    void layoutConstants() {
        assertEquals(0, OFFSET_KIND);
        assertEquals(1, OFFSET_RECEIVER);
        assertEquals(5, OFFSET_COUNTER);
        assertEquals(13, HEADER_LEN);
        assertEquals(30, OVERHEAD);
        assertEquals(30, MIN_SEALED_LEN);
        assertEquals(1600, MAX_PACKET_LEN);
        assertEquals(1570, MAX_PAYLOAD_LEN);
        assertEquals(16, TAG_LEN);
        assertEquals(1, TYPE_LEN);
        assertEquals(OFFSET_KIND + 1, OFFSET_RECEIVER);
        assertEquals(OFFSET_RECEIVER + 4, OFFSET_COUNTER);
        assertEquals(OFFSET_COUNTER + 8, HEADER_LEN);
        assertEquals(HEADER_LEN, OFFSET_TYPE);
        assertEquals(HEADER_LEN + TYPE_LEN + TAG_LEN, OVERHEAD);
    }

    @Test
    void maxTapMtu() {
        assertEquals(1428, OverlayHeader.maxTapMtu(1500, false));
        assertEquals(1408, OverlayHeader.maxTapMtu(1500, true));
        assertEquals(1500 - 28 - 30 - 14, OverlayHeader.maxTapMtu(1500, false));
        assertEquals(1500 - 48 - 30 - 14, OverlayHeader.maxTapMtu(1500, true));
        assertEquals(1428 - 80, OverlayHeader.maxTapMtu(1420, false));
        assertEquals(1408 - 80, OverlayHeader.maxTapMtu(1420, true));
    }

    /** Verifies the maxTapMtu claim end to end: the largest frame, sealed, fills the underlay MTU exactly. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void maxTapMtuFrameSealsToExactlyTheUnderlayMtu(boolean ipv6) {
        int underlay = 1500;
        int tapMtu = OverlayHeader.maxTapMtu(underlay, ipv6);
        int frameLen = tapMtu + ETHERNET_HEADER;
        assertTrue(frameLen <= MAX_PAYLOAD_LEN);
        byte[] pkt = new byte[MAX_PACKET_LEN];
        OverlayCodec.writeHeader(pkt, 1, 1);
        pkt[OFFSET_TYPE] = PacketType.FRAME;
        for (int i = 0; i < frameLen; i++) {
            pkt[OFFSET_TYPE + 1 + i] = (byte) i;
        }
        SecretKeySpec key = new SecretKeySpec(new byte[32], "AES");
        int sealed = new PacketCipher().seal(pkt, TYPE_LEN + frameLen, key);
        int underlayHeaders = ipv6 ? UNDERLAY_IPV6_UDP : UNDERLAY_IPV4_UDP;
        assertEquals(underlay, underlayHeaders + sealed);
        assertTrue(OverlayCodec.hasSealedLength(sealed));
        // and one byte more would not fit
        assertEquals(underlay + 1, underlayHeaders + OVERHEAD + ETHERNET_HEADER + tapMtu + 1);
    }

    @Test
    void largestPayloadSealsToExactlyMaxPacketLen() {
        byte[] pkt = new byte[MAX_PACKET_LEN];
        OverlayCodec.writeHeader(pkt, 3, 4);
        pkt[OFFSET_TYPE] = PacketType.FRAME;
        int sealed = new PacketCipher().seal(pkt, TYPE_LEN + MAX_PAYLOAD_LEN, new SecretKeySpec(new byte[32], "AES"));
        assertEquals(MAX_PACKET_LEN, sealed);
        assertTrue(OverlayCodec.hasSealedLength(sealed));
    }
}
