package atenet.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atenet.it.topo.NodeFixture;
import atenet.it.topo.TapClientFixture;
import org.junit.jupiter.api.Test;

/**
 * (a) Two clients on one node reach each other through the overlay, both ways.
 * <pre>
 *   root ns (test JVM) --veth 198.18.0.1/30 -- 198.18.0.2 [ns node: vswitch :4789, admin 198.18.0.2:4790]
 *   [ns node] 198.18.1.1/30 --veth-- 198.18.1.2 [ns a: tap-client → atn0 10.250.0.11/24]  (first-run token)
 *   [ns node] 198.18.2.1/30 --veth-- 198.18.2.2 [ns b: tap-client → atn0 10.250.0.12/24]  (tok keys issue)
 * </pre>
 * Proves: the first-run token and the printed tap-client command (with --token-file, never the token itself), a key issued by tok, the handshake,
 * MAC learning/flooding for ARP, and frame forwarding in both directions.
 */
class PingIT extends OverlayTestBase {
    @Test
    void pingBothWays() {
        up(2);
        assertNotNull(node.firstTapClientCommand(), "the node's first run prints the tap-client command");
        assertTrue(node.firstTapClientCommand().contains("--token-file " + node.dataDir().resolve("first-token.txt")),
                "the printed command reads the token from its file: " + node.firstTapClientCommand());
        assertFalse(node.firstTapClientCommand().contains(node.firstToken()), "the token is never on a command line");
        TapClientFixture a = join(topo.a(), node.firstToken());
        TapClientFixture b = join(topo.b());

        assertEquals(0, exit(a.ping(topo.b().overlayIp(), 3)), "ping A -> B");
        assertEquals(0, exit(b.ping(topo.a().overlayIp(), 3)), "ping B -> A");
        String keys = NodeFixture.ok(node.tok("keys", "list"));        // the real launcher: output reaches stdout
        assertTrue(keys.contains("client-b") && keys.contains("valid"), "bin/tok keys list: " + keys);
    }
}
