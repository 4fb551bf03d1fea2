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
        assertEquals(40, HEADER_LEN);
        assertEquals(57, OVERHEAD);
        assertEquals(57, MIN_SEALED_LEN);
        assertEquals(42, REJECT_LEN);
        assertEquals(1600, MAX_PACKET_LEN);
        assertEquals(1543, MAX_PAYLOAD_LEN);
        assertEquals(OFFSET_NETWORK_ID + NETWORK_ID_LEN, OFFSET_KEY_ID);
        assertEquals(OFFSET_KEY_ID + 8, OFFSET_SESSION_ID);
        assertEquals(OFFSET_SESSION_ID + 8, OFFSET_COUNTER);
        assertEquals(OFFSET_COUNTER + 8, HEADER_LEN);
        assertEquals(HEADER_LEN, OFFSET_TYPE);
    }

    @Test
    void maxTapMtu() {
        assertEquals(1401, OverlayHeader.maxTapMtu(1500, false));
        assertEquals(1381, OverlayHeader.maxTapMtu(1500, true));
        assertEquals(1401 - 80, OverlayHeader.maxTapMtu(1420, false));
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
        OverlayCodec.writeHeader(pkt, 1, 2, 3, 4, 1);
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
}
