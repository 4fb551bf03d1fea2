package atenet.vswitch.node;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;

import static org.junit.jupiter.api.Assertions.*;

/** Layer: unit. Parsing of the node's HOST:PORT options and the advertised-address choice. */
class HostPortTest {
    @Test
    void parsesIpv4Ipv6AndNames() {
        assertEquals(new InetSocketAddress("127.0.0.1", 4789), HostPort.parse("--listen", "127.0.0.1:4789"));
        assertEquals(4789, HostPort.parse("--listen", "[::1]:4789").getPort());
        assertTrue(HostPort.parse("--listen", "[::1]:4789").getAddress().isLoopbackAddress());
        assertEquals("127.0.0.1:80", HostPort.format(HostPort.parse("--admin", "localhost:80")));
        assertEquals("[0:0:0:0:0:0:0:1]:9", HostPort.format(HostPort.parse("--admin", "[::1]:9")));
    }

    @Test
    void badInputSaysWhichOptionAndWhy() {
        assertMessage("--listen needs HOST:PORT, got '4789'", "4789");
        assertMessage("--listen needs HOST:PORT, got 'host:'", "host:");
        assertMessage("--listen: 'x' is not a port number", "h:x");
        assertMessage("--listen: port 70000 is outside 0..65535", "h:70000");
        assertMessage("--listen needs HOST:PORT", "");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HostPort.parse("--listen", "no-such-host.invalid:1"));
        assertTrue(e.getMessage().startsWith("--listen: cannot resolve host"), e.getMessage());
    }

    @Test
    void advertisesASpecificListenAddressAsIs() {
        InetSocketAddress a = HostPort.advertisable(new InetSocketAddress("127.0.0.1", 5000), 5000);
        assertEquals(new InetSocketAddress("127.0.0.1", 5000), a);
        InetSocketAddress any = HostPort.advertisable(new InetSocketAddress("0.0.0.0", 5000), 5000);
        assertFalse(any.getAddress().isAnyLocalAddress());
        assertEquals(5000, any.getPort());
    }

    private static void assertMessage(String expected, String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostPort.parse("--listen", text));
        assertEquals(expected, e.getMessage());
    }
}
