package atenet.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atenet.it.topo.TapClientFixture;
import org.junit.jupiter.api.Test;

/**
 * (g) Once MACs are learned, unicast goes only to its port: C does not see A → B traffic.
 * <pre>
 *   root ns (test JVM) --veth 198.18.0.1/30 -- 198.18.0.2 [ns node: vswitch :4789, admin 198.18.0.2:4790]
 *   [ns node] 198.18.1.1/30 --veth-- 198.18.1.2 [ns a: tap-client → atn0 10.250.0.11/24]  ping -c 500 -i 0.01 → B
 *   [ns node] 198.18.2.1/30 --veth-- 198.18.2.2 [ns b: tap-client → atn0 10.250.0.12/24]  rx_packets += ≥ 500
 *   [ns node] 198.18.3.1/30 --veth-- 198.18.3.2 [ns c: tap-client → atn0 10.250.0.13/24]  rx_packets += < 20
 * </pre>
 * Proves: the MAC table learns from traffic and the switch forwards known unicast to one port instead
 * of flooding (IPv6 is off on the TAPs so router/neighbour solicitations do not blur the counters).
 */
class IsolationIT extends OverlayTestBase {
    @Test
    void learnedUnicastDoesNotReachThirdClient() {
        up(3);
        TapClientFixture a = join(topo.a());
        TapClientFixture b = join(topo.b());
        TapClientFixture c = join(topo.c());
        a.disableIpv6();
        b.disableIpv6();
        c.disableIpv6();
        assertEquals(0, exit(a.ping(topo.b().overlayIp(), 2)), "ping A -> B (learning)");
        assertEquals(0, exit(b.ping(topo.a().overlayIp(), 2)), "ping B -> A (learning)");

        long bBefore = b.tapStat("rx_packets");
        long cBefore = c.tapStat("rx_packets");
        assertEquals(0, exit(a.ping(topo.b().overlayIp(), 500, "-i", "0.01", "-q")), "500 pings A -> B");
        long bGrew = b.tapStat("rx_packets") - bBefore;
        long cGrew = c.tapStat("rx_packets") - cBefore;

        assertTrue(bGrew >= 500, "B received " + bGrew + " packets, expected >= 500");
        assertTrue(cGrew < 20, "C received " + cGrew + " packets during A -> B unicast, expected < 20 (flooding?)");
    }
}
