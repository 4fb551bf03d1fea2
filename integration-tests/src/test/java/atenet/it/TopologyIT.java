package atenet.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import atenet.it.netns.DumpOnFailure;
import atenet.it.netns.Names;
import atenet.it.netns.Requirements;
import atenet.it.netns.Sh;
import atenet.it.topo.OverlayTopology;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Self-test of the fixtures, without atenet: the underlay of {@link OverlayTopology} is what its
 * drawing says, and closing it leaves nothing behind.
 * <pre>
 *   root ns (test JVM) --veth 198.18.0.1/30 -- 198.18.0.2 [ns node]
 *   [ns node] 198.18.1.1/30 --veth-- 198.18.1.2 [ns a]
 *   [ns node] 198.18.2.1/30 --veth-- 198.18.2.2 [ns b]
 * </pre>
 * Proves: root reaches the node, each client reaches its node address, clients cannot reach each other
 * or the root link (forwarding off in the node ns), and close() removes every namespace and link.
 */
@ExtendWith(DumpOnFailure.class)
class TopologyIT {
    @BeforeAll
    static void requirements() {
        Requirements.assumeNetns("ping");
    }

    @Test
    void underlayIsAsDrawnAndCleanedUp() {
        String nsA;
        try (OverlayTopology t = OverlayTopology.create(2)) {
            nsA = t.a().ns().name();
            assertEquals(0, Sh.run(Duration.ofSeconds(10), "ping", "-c", "1", "-W", "2", OverlayTopology.NODE_IP).exitCode(Duration.ofSeconds(1)), "root -> node");
            assertEquals(0, t.a().ns().exec(Duration.ofSeconds(10), "ping", "-c", "1", "-W", "2", t.a().serverIp()).exitCode(Duration.ofSeconds(1)), "a -> its node address");
            t.a().ns().ok("ip", "route", "add", "198.18.0.0/15", "via", t.a().serverIp()); // even with a route, no forwarding
            assertNotEquals(0, t.a().ns().exec(Duration.ofSeconds(10), "ping", "-c", "1", "-W", "1", "198.18.2.2").exitCode(Duration.ofSeconds(1)), "a must not reach b's underlay");
            assertEquals("0", t.node().read("/proc/sys/net/ipv4/ip_forward"));
        }
        String left = Sh.run(Duration.ofSeconds(5), "ip", "netns", "list").stdout() + Sh.run(Duration.ofSeconds(5), "ip", "-o", "link").stdout();
        assertFalse(left.contains(nsA), "namespace left behind:\n" + left);
        assertFalse(left.contains(Names.RUN_PREFIX), "something of this run left behind:\n" + left);
    }
}
