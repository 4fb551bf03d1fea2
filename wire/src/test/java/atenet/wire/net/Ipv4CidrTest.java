package atenet.wire.net;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Layer: unit. CIDR values from command lines and tokens, with messages naming the option. */
class Ipv4CidrTest {
    @Test
    void parsesAndPrints() {
        Ipv4Cidr c = Ipv4Cidr.parse("--address", "10.250.0.11/24");
        assertEquals(0x0afa000b, c.address());
        assertEquals(24, c.prefix());
        assertEquals("10.250.0.11/24", c.toString());
        assertTrue(c.hasHostBits());
        assertEquals("10.250.0.0/24", c.network().toString());
        assertFalse(c.network().hasHostBits());
        assertEquals("/10.250.0.11", c.inet().toString());
        assertEquals(c, Ipv4Cidr.of(new byte[]{10, (byte) 250, 0, 11}, 24));
        assertEquals("255.255.255.255/32", Ipv4Cidr.parse("x", " 255.255.255.255/32 ").toString());
        assertEquals(0xffffff00, c.mask());
    }

    @Test
    void refusesWithTheValueNamed() {
        for (String bad : new String[]{"", "10.0.0.1", "10.0.0/24", "10.0.0.256/24", "10.0.0.1/", "a.b.c.d/24",
                "10.0.0.1/2x", "10.0.0.-1/24", "10..0.1/24", "10.0.0.1/024", "1000.0.0.1/8"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ipv4Cidr.parse("subnet", bad), bad);
            assertTrue(e.getMessage().startsWith("subnet expects IPv4 CIDR"), e.getMessage());
        }
        assertEquals("--address prefix must be 1-32, got '10.0.0.1/33'",
                assertThrows(IllegalArgumentException.class, () -> Ipv4Cidr.parse("--address", "10.0.0.1/33")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Ipv4Cidr.parse("x", null));
        assertThrows(IllegalArgumentException.class, () -> new Ipv4Cidr(0, 33));
    }
}
