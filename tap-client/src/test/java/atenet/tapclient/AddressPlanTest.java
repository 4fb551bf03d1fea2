package atenet.tapclient;

import atenet.wire.net.Ipv4Cidr;
import atenet.wire.net.HostPort;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Unit: address and MAC derivation, CIDR parsing. */
class AddressPlanTest {
    @Test
    void derivedAddressStaysInsideTheSubnetAndAvoidsReservedOnes() {
        Ipv4Cidr subnet = Ipv4Cidr.parse("--address", "10.9.0.0/24");
        for (long k = -1000; k < 1000; k++) {
            Ipv4Cidr a = AddressPlan.derive(subnet, k * 0x9E3779B97F4A7C15L);
            int host = a.address() & 0xff;
            assertTrue(host >= 2 && host <= 253, a.toString());
            assertEquals(24, a.prefix());
            assertEquals(0x0a090000, a.address() & 0xffffff00);
        }
    }

    @Test
    void derivationFollowsTheFormula() {
        Ipv4Cidr subnet = Ipv4Cidr.parse("--address", "192.168.4.0/24");
        // hosts = 254, offset = 2 + keyId mod 252
        assertEquals("192.168.4.2/24", AddressPlan.derive(subnet, 0).toString());
        assertEquals("192.168.4.12/24", AddressPlan.derive(subnet, 10).toString());
        assertEquals("192.168.4.2/24", AddressPlan.derive(subnet, 252).toString());
        // unsigned: -1 = 2^64-1; 2^64-1 mod 252 = 15
        assertEquals("192.168.4.17/24", AddressPlan.derive(subnet, -1L).toString());
        // host bits of the token's subnet are ignored
        assertEquals("192.168.4.12/24", AddressPlan.derive(Ipv4Cidr.parse("--address", "192.168.4.77/24"), 10).toString());
        // smallest subnet: /29 -> offsets 2..5
        Ipv4Cidr small = Ipv4Cidr.parse("--address", "10.0.0.8/29");
        assertEquals("10.0.0.13/29", AddressPlan.derive(small, 3).toString());
        assertThrows(IllegalArgumentException.class, () -> AddressPlan.derive(Ipv4Cidr.parse("--address", "10.0.0.0/30"), 1));
    }

    @Test
    void macIsLocallyAdministeredUnicastAndStable() {
        byte[] pub = new byte[32];
        pub[0] = 7;
        byte[] mac = AddressPlan.mac(pub);
        assertEquals(6, mac.length);
        assertEquals(0x02, mac[0]);
        assertArrayEquals(mac, AddressPlan.mac(pub.clone()));
        assertTrue(AddressPlan.macText(mac).matches("02(:[0-9a-f]{2}){5}"));
    }

    @Test
    void badCidrsAreRefusedWithAClearMessage() {
        for (String bad : new String[]{"10.0.0.1", "10.0.0/24", "10.0.0.256/24", "10.0.0.1/33", "10.0.0.1/", "a.b.c.d/8", "10.0.0.1/0"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ipv4Cidr.parse("--address", bad), bad);
            assertTrue(e.getMessage().startsWith("--address"), e.getMessage());
        }
        assertEquals("10.0.0.1/24", Ipv4Cidr.parse("--address", "10.0.0.1/24").toString());
        assertEquals("10.0.0.1/24", Ipv4Cidr.parse("--address", " 10.0.0.1/24 ").toString(), "surrounding blanks, as the chain's subnets");
    }

    @Test
    void hostPortParsing() {
        assertEquals(new HostPort("node.example", 4789), HostPort.parse("--server", "node.example:4789"));
        assertEquals(new HostPort("::1", 5), HostPort.parse("--server", "[::1]:5"));
        assertEquals("[::1]:5", HostPort.parse("--server", "[::1]:5").toString());
        for (String bad : new String[]{"node", "node:", ":5", "node:0", "node:70000", "node:x", "::1:5", "[::1]5"}) {
            assertThrows(IllegalArgumentException.class, () -> HostPort.parse("--server", bad), bad);
        }
    }
}
