package atenet.vswitch.node;

import atenet.wire.net.HostPort;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;

import static org.junit.jupiter.api.Assertions.*;

/** Layer: unit. The node's endpoint options (shared HostPort parser, resolved) and the advertised-address choice. */
class EndpointsTest {
    @Test
    void parsesIpv4Ipv6AndNames() {
        assertEquals(new InetSocketAddress("127.0.0.1", 4789), Endpoints.parse("--listen", "127.0.0.1:4789"));
        assertEquals(4789, Endpoints.parse("--listen", "[::1]:4789").getPort());
        assertTrue(Endpoints.parse("--listen", "[::1]:4789").getAddress().isLoopbackAddress());
        assertEquals("127.0.0.1:80", HostPort.format(Endpoints.parse("--admin", "localhost:80")));
        assertEquals("[0:0:0:0:0:0:0:1]:9", HostPort.format(Endpoints.parse("--admin", "[::1]:9")));
    }

    @Test
    void badInputSaysWhichOptionAndWhy() {
        assertMessage("--listen expects HOST:PORT (or [IPv6]:PORT), got '4789'", "4789");
        assertMessage("--listen expects HOST:PORT (or [IPv6]:PORT), got 'host:'", "host:");
        assertMessage("--listen expects HOST:PORT (or [IPv6]:PORT), got 'h:x'", "h:x");
        assertMessage("--listen port must be 1-65535, got 70000", "h:70000");
        assertMessage("--listen expects HOST:PORT (or [IPv6]:PORT), got ''", "");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Endpoints.parse("--listen", "no-such-host.invalid:1"));
        assertTrue(e.getMessage().startsWith("--listen: cannot resolve host"), e.getMessage());
    }

    @Test
    void advertisesASpecificListenAddressAsIs() {
        InetSocketAddress a = Endpoints.advertisable(new InetSocketAddress("127.0.0.1", 5000), 5000);
        assertEquals(new InetSocketAddress("127.0.0.1", 5000), a);
        InetSocketAddress any = Endpoints.advertisable(new InetSocketAddress("0.0.0.0", 5000), 5000);
        assertFalse(any.getAddress().isAnyLocalAddress());
        assertEquals(5000, any.getPort());
    }

    private static void assertMessage(String expected, String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Endpoints.parse("--listen", text));
        assertEquals(expected, e.getMessage());
    }
}
