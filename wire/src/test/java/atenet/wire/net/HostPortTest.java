package atenet.wire.net;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;

import static org.junit.jupiter.api.Assertions.*;

/** Layer: unit. HOST:PORT option values, with messages that name the option. */
class HostPortTest {
    @Test
    void parsesNamesIpv4AndBracketedIpv6() throws Exception {
        assertEquals(new HostPort("node.example", 4789), HostPort.parse("--server", "node.example:4789"));
        assertEquals(new HostPort("192.0.2.1", 1), HostPort.parse("--server", "192.0.2.1:1"));
        assertEquals(new HostPort("::1", 65535), HostPort.parse("--listen", "[::1]:65535"));
        assertEquals("[::1]:5", HostPort.parse("--x", "[::1]:5").toString());
        assertEquals(new InetSocketAddress("127.0.0.1", 9), HostPort.parse("--x", "127.0.0.1:9").resolve());
    }

    @Test
    void refusesWithTheOptionNamed() {
        for (String bad : new String[]{"", "host", "host:", ":80", "::1:80", "[::1]80", "[]:80", "h:x", "h:-1"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostPort.parse("--server", bad), bad);
            assertTrue(e.getMessage().startsWith("--server "), e.getMessage());
        }
        assertEquals("--listen port must be 1-65535, got 0",
                assertThrows(IllegalArgumentException.class, () -> HostPort.parse("--listen", "h:0")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> HostPort.parse("--listen", null));
    }
}
