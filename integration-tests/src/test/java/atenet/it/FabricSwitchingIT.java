package atenet.it;

import atenet.it.netns.Proc;
import atenet.it.netns.Requirements;
import atenet.it.topo.FabricNode;
import atenet.it.topo.FabricTopology;
import atenet.it.topo.NodeFixture;
import atenet.it.topo.OverlayTopology;
import atenet.it.topo.TapClientFixture;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static atenet.it.topo.NodeFixture.ok;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Three nodes act as one switch (issue 6, sections 3 and 5): four real tap-clients, two on one node, one on each of
 * the others, reach each other through the nodes' peer links.
 * <pre>
 *   [ns lan: br0] ── root ns 198.18.10.254 (this JVM)
 *        ├── [ns n1] 198.18.10.1 ── to-a ── [ns a: tap-client 10.250.0.11]
 *        │                       └─ to-b ── [ns b: tap-client 10.250.0.12]
 *        ├── [ns n2] 198.18.10.2 ── to-c ── [ns c: tap-client 10.250.0.13]
 *        └── [ns n3] 198.18.10.3 ── to-d ── [ns d: tap-client 10.250.0.14]
 * </pre>
 * Proves: every client pings every other; 50 MB from a client on n1 to a client on n2 arrive with the same SHA-256;
 * known unicast between clients of n1 and n2 is not sent to n3 (a capture on n3's underlay and n3's peer counters see no
 * more than keepalives).
 */
class FabricSwitchingIT extends FabricTestBase {
    private static final int SIZE = 50 * 1024 * 1024;
    /** Frames in + out over node n's peer links, as its /status counts them. */
    private static long peerFrames(FabricNode n) {
        long sum = 0;
        JsonArray peers = n.status().getJsonArray("peers");
        for (Object o : peers) {
            JsonObject p = (JsonObject) o;
            sum += p.getLong("framesIn", 0L) + p.getLong("framesOut", 0L);
        }
        return sum;
    }

    private static long upLinks(FabricNode n) {
        return n.status().getJsonArray("peers").stream().filter(o -> "up".equals(((JsonObject) o).getString("state"))).count();
    }

    @Test
    void fourClientsOnThreeNodesReachEachOtherThroughPeerLinks() throws Exception {
        Requirements.assumeNetns("nc", "ss", "tcpdump");
        fabric = FabricTopology.create(3, 1, 1, 2, 3);
        FabricNode n1 = node(1).start();
        FabricNode n2 = node(2).start("--join", ok(n1.tok("nodes", "add", "--name", "n2")).strip());
        FabricNode n3 = node(3).start("--join", ok(n1.tok("nodes", "add", "--name", "n3")).strip());
        List<FabricNode> nodes = List.of(n1, n2, n3);
        assertTrue(nodes.stream().allMatch(n -> upLinks(n) == 0), "no client anywhere: no node serves the network, no links");

        List<OverlayTopology.Site> sites = List.of(fabric.client('a'), fabric.client('b'), fabric.client('c'), fabric.client('d'));
        for (OverlayTopology.Site s : sites) {
            String token = NodeFixture.json(ok(n1.tok("keys", "issue", "--network", "default", "--label", "client-" + s.letter(),
                    "--json"))).getString("token");
            TapClientFixture c = TapClientFixture.start(s, token);
            open.add(c);
        }
        // each node joined the network when its first client arrived; the three then link up
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (nodes.stream().anyMatch(n -> upLinks(n) < 2)) {
            assertTrue(System.nanoTime() < deadline, "peer links not all up: " + n1.status().getJsonArray("peers").encodePrettily());
            Thread.sleep(100);
        }
        for (FabricNode n : nodes) {                          // the handshake round trip, as /status shows it per peer
            for (Object o : n.status().getJsonArray("peers")) {
                double rtt = ((JsonObject) o).getDouble("rttMillis");
                assertTrue(rtt >= 0 && rtt < 500, "peer RTT measured (-1: never) and sane: " + rtt + " ms: " + o);
            }
        }
        assertTrue(ok(n1.tok("status")).contains("ms"), "tok status shows the peers' RTT");
        String listing = ok(n2.tok("nodes", "list"));
        assertEquals(3, listing.split(" yes ", -1).length - 1, "tok nodes list: all three up:\n" + listing);
        assertEquals(3, listing.split("default@", -1).length - 1, "all three serve the network:\n" + listing);

        for (OverlayTopology.Site from : sites) {
            for (OverlayTopology.Site to : sites) {
                if (from != to) {
                    Proc p = from.ns().exec(Duration.ofSeconds(20), "ping", "-c", "2", "-W", "3", to.overlayIp());
                    assertEquals(0, p.exitCode(Duration.ofSeconds(1)), from.letter() + " -> " + to.letter() + ":\n" + p.output());
                }
            }
        }

        // known unicast a (n1) <-> c (n2): n3's peer links carry nothing of it
        OverlayTopology.Site a = fabric.client('a');
        OverlayTopology.Site c = fabric.client('c');
        Thread.sleep(1500);
        long n3Before = peerFrames(n3);
        long n1Before = peerFrames(n1);
        Path pcapDir = NodeFixture.tempDir("fabric-pcap-");
        Path pcap = pcapDir.resolve("n3.pcap");
        Proc dump = closeLater(fabric.node(3).start("tcpdump", "tcpdump", "-n", "-U", "-i", "up0", "-w", pcap.toString(),
                "udp", "port", String.valueOf(NodeFixture.UDP_PORT)));
        dump.awaitLine("listening on", Duration.ofSeconds(10));
        Proc flood = a.ns().exec(Duration.ofSeconds(60), "ping", "-c", "500", "-i", "0.002", "-q", c.overlayIp());
        assertEquals(0, flood.exitCode(Duration.ofSeconds(1)), flood.output());
        Thread.sleep(300);
        dump.signal("INT");
        dump.exitCode(Duration.ofSeconds(10));
        List<atenet.it.netns.Pcap.Udp> atN3 = atenet.it.netns.Pcap.readUdp(pcap);
        NodeFixture.deleteTree(pcapDir);
        System.out.printf("FabricSwitchingIT: n3's underlay saw %d overlay datagrams during the 500 pings a->c%n", atN3.size());
        assertTrue(atN3.size() < 50, "known unicast between n1 and n2 is not on n3's underlay (capture): " + atN3.size());
        Thread.sleep(1500);                                   // /status is a snapshot up to a second old
        long n3Delta = peerFrames(n3) - n3Before;
        long n1Delta = peerFrames(n1) - n1Before;
        System.out.printf("FabricSwitchingIT: 500 pings a->c: %d frames over n1's peer links, %d over n3's%n", n1Delta, n3Delta);
        assertTrue(n1Delta >= 1000, "the pings crossed n1's peer link: " + n1Delta);
        assertTrue(n3Delta < 50, "known unicast between n1 and n2 reached n3: " + n3Delta + " frames");

        // 50 MB from a (n1) to c (n2)
        Path dir = NodeFixture.tempDir("fabric-nc-");
        try {
            Path sent = dir.resolve("sent.bin");
            Path received = dir.resolve("received.bin");
            randomFile(sent, SIZE >> 20, 7);
            Proc receiver = closeLater(c.ns().start("nc-receiver", "sh", "-c", "exec nc -l -p 5001 > '" + received + "'"));
            awaitListening(c, 5001);
            long t0 = System.nanoTime();
            Proc sender = a.ns().exec(Duration.ofSeconds(300), "sh", "-c", "nc -N " + c.overlayIp() + " 5001 < '" + sent + "'");
            assertEquals(0, exit(sender), "sender nc exit code");
            assertEquals(0, receiver.exitCode(Duration.ofSeconds(60)), "receiver nc exit code");
            System.out.printf("FabricSwitchingIT: 50 MB a (n1) -> c (n2) in %.2f s%n", (System.nanoTime() - t0) / 1e9);
            assertEquals(SIZE, Files.size(received), "bytes received");
            assertArrayEquals(sha256(sent), sha256(received), "SHA-256 of sent and received files");
        } finally {
            NodeFixture.deleteTree(dir);
        }
    }
}
