package atenet.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atenet.it.netns.Proc;
import atenet.it.topo.TapClientFixture;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A node restart and a client stop, as an operator and a user do them.
 * <pre>
 *   root ns (test JVM) --veth 198.18.0.1/30 -- 198.18.0.2 [ns node: vswitch :4789, stopped and started again]
 *   [ns node] 198.18.1.1/30 --veth-- 198.18.1.2 [ns a: tap-client → atn0 10.250.0.11/24]
 *   [ns node] 198.18.2.1/30 --veth-- 198.18.2.2 [ns b: tap-client → atn0 10.250.0.12/24]
 * </pre>
 * Proves: the node stops cleanly on SIGTERM and starts again on the same chain (verified, no new
 * chain); clients survive it and join again by themselves (BYE "node shutting down", then
 * handshakes with backoff) so traffic flows again; a client stopped with SIGTERM exits 0 and its
 * TAP device is gone.
 */
class NodeRestartIT extends OverlayTestBase {
    @Test
    void clientsRejoinAfterANodeRestartAndATapDisappearsOnSigterm() throws InterruptedException {
        up(2);
        TapClientFixture a = join(topo.a(), node.firstToken());
        TapClientFixture b = join(topo.b());
        assertEquals(0, exit(a.ping(topo.b().overlayIp(), 2)), "ping A -> B before the restart");

        assertEquals(0, node.stop(), "node exit code on SIGTERM");
        node.restart();
        assertTrue(node.proc().stdout().contains("verified"), "the restarted node verifies the existing chain: " + node.proc().output());

        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        int rc = -1;
        while (System.nanoTime() < deadline && rc != 0) {
            rc = exit(a.ping(topo.b().overlayIp(), 1));
        }
        assertEquals(0, rc, "ping A -> B within 40 s of the node's restart");
        assertTrue(a.proc().isAlive() && b.proc().isAlive(), "clients keep running across the restart");
        assertTrue(a.proc().stdout().split("joined network", -1).length - 1 >= 2, "client A joined again: " + a.proc().output());

        a.proc().signal("TERM");
        assertEquals(0, a.proc().exitCode(Duration.ofSeconds(10)), "tap-client exit code on SIGTERM");
        Proc link = topo.a().ns().exec(Duration.ofSeconds(10), "ip", "link", "show", TapClientFixture.DEV);
        assertNotEquals(0, link.exitCode(Duration.ofSeconds(10)), "the TAP device is gone after SIGTERM: " + link.output());
    }
}
