package atenet.wire.overlay;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class PacketTypeTest {
    @Test
    void namesAndDistinctValues() {
        byte[] all = {PacketType.FRAME, PacketType.KEEPALIVE, PacketType.KEEPALIVE_ACK, PacketType.HELLO,
                PacketType.HELLO_ACK, PacketType.BYE, PacketType.REJECT};
        String[] names = {"FRAME", "KEEPALIVE", "KEEPALIVE_ACK", "HELLO", "HELLO_ACK", "BYE", "REJECT"};
        Set<Byte> seen = new HashSet<>();
        for (int i = 0; i < all.length; i++) {
            assertEquals(names[i], PacketType.name(all[i]));
            assertTrue(seen.add(all[i]));
        }
        assertEquals(0x7f, PacketType.REJECT);
        assertEquals("UNKNOWN(0)", PacketType.name((byte) 0));
        assertEquals("UNKNOWN(255)", PacketType.name((byte) 0xff));
        assertEquals("UNKNOWN(128)", PacketType.name((byte) 0x80));
    }
}
