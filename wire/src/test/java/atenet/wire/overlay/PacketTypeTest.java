package atenet.wire.overlay;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class PacketTypeTest {
    @Test
    void namesAndDistinctValues() {
        byte[] all = {PacketType.FRAME, PacketType.KEEPALIVE, PacketType.KEEPALIVE_ACK, PacketType.BYE, PacketType.NODES};
        String[] names = {"FRAME", "KEEPALIVE", "KEEPALIVE_ACK", "BYE", "NODES"};
        Set<Byte> seen = new HashSet<>();
        for (int i = 0; i < all.length; i++) {
            assertEquals(names[i], PacketType.name(all[i]));
            assertTrue(seen.add(all[i]));
        }
        assertEquals("UNKNOWN(0)", PacketType.name((byte) 0));
        assertEquals("UNKNOWN(255)", PacketType.name((byte) 0xff));
        assertEquals("UNKNOWN(128)", PacketType.name((byte) 0x80));
    }

    /** The type byte travels encrypted but is still a wire value: its numbers must not drift. */
    @Test
    void wireValuesAreStable() {
        assertEquals(0x01, PacketType.FRAME);
        assertEquals(0x02, PacketType.KEEPALIVE);
        assertEquals(0x03, PacketType.KEEPALIVE_ACK);
        assertEquals(0x06, PacketType.BYE);
        assertEquals(0x08, PacketType.NODES);
    }

    /**
     * Successor of the old HELLO (0x04), HELLO_ACK (0x05) and REJECT (0x7f) types: those messages moved out of
     * the sealed type byte (to the clear INIT / RESPONSE kinds of MessageKind), so their old codes are unknown
     * types now and an old peer's HELLO is not mistaken for anything.
     */
    @Test
    void oldHandshakeCodesAreNoLongerTypes() {
        assertEquals("UNKNOWN(4)", PacketType.name((byte) 0x04));
        assertEquals("UNKNOWN(5)", PacketType.name((byte) 0x05));
        assertEquals("UNKNOWN(127)", PacketType.name((byte) 0x7f));
        assertEquals("UNKNOWN(7)", PacketType.name((byte) 0x07));
    }

    @Test
    void exactlyFiveNamedTypes() {
        int named = 0;
        for (int t = 0; t < 256; t++) {
            if (!PacketType.name((byte) t).startsWith("UNKNOWN(")) {
                named++;
            } else {
                assertEquals("UNKNOWN(" + t + ")", PacketType.name((byte) t));
            }
        }
        assertEquals(5, named);
    }
}
