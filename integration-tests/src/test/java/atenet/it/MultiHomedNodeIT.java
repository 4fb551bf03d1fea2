package atenet.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import atenet.it.netns.Proc;
import atenet.it.topo.OverlayTopology;
import atenet.it.topo.Repo;
import atenet.it.topo.TapClientFixture;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A node bound to 0.0.0.0 on a host with several addresses answers from the address the client used.
 * <pre>
 *   root ns (test JVM) --veth 198.18.0.1/30 -- 198.18.0.2 [ns node: vswitch 0.0.0.0:4789]
 *   [ns node] 198.18.1.1/30 --veth-- 198.18.1.2 [ns a: route 198.18.0.2/32 via 198.18.1.1;
 *                                                tap-client --server 198.18.0.2:4789, not its link's address]
 *   [ns node] 198.18.2.1/30 --veth-- 198.18.2.2 [ns b: tap-client --server 198.18.2.1:4789]
 * </pre>
 * Proves: A's datagrams reach the node on veth a but are addressed to 198.18.0.2; the kernel would answer
 * from 198.18.1.1, which A's connected socket (and any NAT) drops. The node takes the local address from
 * IPV6_PKTINFO and answers from 198.18.0.2, so A joins and reaches B.
 */
class MultiHomedNodeIT extends OverlayTestBase {
    @Test
    void clientThatUsesAnotherAddressOfTheNodeJoins() {
        up(2);
        OverlayTopology.Site a = topo.a();
        a.ns().ok("ip", "route", "add", OverlayTopology.NODE_IP + "/32", "via", a.serverIp());
        Proc pa = closeLater(a.ns().start("tap-client-a", Repo.bin("tap-client"), "--token", node.firstToken(),
                "--dev", TapClientFixture.DEV, "--address", a.overlayCidr(), "--server", OverlayTopology.NODE_IP + ":4789"));
        pa.awaitLine("tap-client: joined network", TapClientFixture.JOIN_TIMEOUT);
        join(topo.b());
        Proc ping = a.ns().exec(Duration.ofSeconds(30), "ping", "-c", "3", "-W", "2", topo.b().overlayIp());
        assertEquals(0, ping.exitCode(Duration.ofSeconds(30)), "ping A -> B: " + ping.output());
    }
}
