package atenet.it;

import atenet.it.netns.Proc;
import atenet.it.netns.Requirements;
import atenet.it.topo.FabricNode;
import atenet.it.topo.FabricTopology;
import atenet.it.topo.NodeFixture;
import atenet.it.topo.OverlayTopology;
import atenet.it.topo.TapClientFixture;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static atenet.it.topo.NodeFixture.ok;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A client moves to another node when its node dies (issue 6, section 4).
 * <pre>
 *   [ns lan: br0] ── root ns 198.18.10.254 (this JVM)
 *        ├── [ns n1] 198.18.10.1 (forwards) ── to-a ── [ns a: tap-client --server 198.18.20.1:4789, 10.250.0.11]
 *        ├── [ns n2] 198.18.10.2 (forwards) ── to-b ── [ns b: tap-client --server 198.18.21.1:4789, 10.250.0.12]
 *        └── [ns n3] 198.18.10.3
 *   every client reaches every node's LAN address through its own node's namespace (routes both ways)
 * </pre>
 * Proves: with a paced TCP stream a → b running, kill -9 of a's node (n1): a moves to another node of its list
 * within 5 s, keeping its TAP, MAC and address, and the stream completes intact (same SHA-256).
 */
class FabricFailoverIT extends FabricTestBase {
    private static final int MB = 16;
    @Test
    void aClientMovesToAnotherNodeWithinFiveSecondsAndItsTcpStreamSurvives() throws Exception {
        Requirements.assumeNetns("nc", "ss");
        fabric = FabricTopology.createRouted(3, 1, 2);
        FabricNode n1 = node(1).start();
        FabricNode n2 = node(2).start("--join", ok(n1.tok("nodes", "add", "--name", "n2")).strip());
        FabricNode n3 = node(3).start("--join", ok(n1.tok("nodes", "add", "--name", "n3")).strip());
        OverlayTopology.Site a = fabric.client('a');
        OverlayTopology.Site b = fabric.client('b');
        List<TapClientFixture> clients = new ArrayList<>();
        List<String> keyIds = new ArrayList<>();
        for (OverlayTopology.Site s : List.of(a, b)) {
            JsonObject key = NodeFixture.json(ok(n1.tok("keys", "issue", "--network", "default", "--label", "c-" + s.letter(), "--json")));
            TapClientFixture c = TapClientFixture.start(s, key.getString("token"));
            open.add(c);
            clients.add(c);
            keyIds.add(key.getString("keyId"));
        }
        TapClientFixture ca = clients.get(0);
        ca.proc().awaitLine("nodes of network default \\(for failover\\):.*n2.*", Duration.ofSeconds(10));
        String macBefore = a.ns().ok("cat", "/sys/class/net/" + TapClientFixture.DEV + "/address").strip();
        assertEquals(0, a.ns().exec(Duration.ofSeconds(20), "ping", "-c", "2", "-W", "3", b.overlayIp()).exitCode(Duration.ofSeconds(1)));

        Path dir = NodeFixture.tempDir("failover-nc-");
        try {
            Path sent = dir.resolve("sent.bin");
            Path received = dir.resolve("received.bin");
            randomFile(sent, MB, 11);
            Proc receiver = closeLater(b.ns().start("nc-receiver", "sh", "-c", "exec nc -l -p 5001 > '" + received + "'"));
            awaitListening(b, 5001);
            Proc sender = closeLater(a.ns().start("nc-sender", "sh", "-c",
                    "for i in $(seq 0 " + (MB - 1) + "); do dd if='" + sent + "' bs=1M skip=$i count=1 2>/dev/null; sleep 0.5; done"
                            + " | nc -N " + b.overlayIp() + " 5001"));
            Thread.sleep(2500);                               // the stream runs through n1 and its peer link to n2

            long killed = System.nanoTime();
            n1.kill9();
            ca.proc().awaitLine("tap-client: joined network default .* via node n[23]", Duration.ofSeconds(10));
            double movedMs = (System.nanoTime() - killed) / 1e6;
            System.out.printf("FabricFailoverIT: client a joined another node %.0f ms after kill -9 of its node%n", movedMs);
            assertTrue(movedMs <= 5000, "moved after " + movedMs + " ms (limit 5000)");
            assertEquals(macBefore, a.ns().ok("cat", "/sys/class/net/" + TapClientFixture.DEV + "/address").strip(), "same MAC");
            assertTrue(a.ns().ok("ip", "-4", "addr", "show", TapClientFixture.DEV).contains(a.overlayIp() + "/"), "same address");

            assertEquals(0, sender.exitCode(Duration.ofSeconds(120)), "sender nc exit code:\n" + sender.output());
            assertEquals(0, receiver.exitCode(Duration.ofSeconds(60)), "receiver nc exit code");
            assertEquals((long) MB << 20, Files.size(received), "bytes received");
            assertArrayEquals(sha256(sent), sha256(received), "SHA-256 of the stream that crossed the failover");
            String aKey = keyIds.get(0);
            boolean served = List.of(n2, n3).stream().anyMatch(n -> n.status().getJsonArray("sessions").stream()
                    .anyMatch(o -> aKey.equals(((JsonObject) o).getString("keyId"))));
            assertTrue(served, "a's key has a session on n2 or n3 now");
        } finally {
            NodeFixture.deleteTree(dir);
        }
    }
}
