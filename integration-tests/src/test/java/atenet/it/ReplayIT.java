package atenet.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atenet.it.netns.Pcap;
import atenet.it.netns.Proc;
import atenet.it.netns.Requirements;
import atenet.it.topo.NodeFixture;
import atenet.it.topo.OverlayTopology;
import atenet.it.topo.TapClientFixture;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * (e) Captured packets sent again are dropped as replays, and the session keeps working.
 * <pre>
 *   root ns (test JVM: resends to 198.18.0.2:4789) --veth 198.18.0.1/30 -- 198.18.0.2 [ns node: vswitch :4789, admin :4790]
 *   [ns node] 198.18.1.1/30 (to-a: tcpdump udp port 4789) --veth-- 198.18.1.2 [ns a: tap-client → atn0 10.250.0.11/24]
 *   [ns node] 198.18.2.1/30 --veth-- 198.18.2.2 [ns b: tap-client → atn0 10.250.0.12/24]
 * </pre>
 * Proves: the node's replay window rejects every sealed packet seen before, even from another source
 * address, counts it in /status drops.replay, and the replays do not disturb the live session.
 */
class ReplayIT extends OverlayTestBase {
    /** TRANSPORT: kind 1 + receiver 4 + counter 8 + type 1 + tag 16 (atenet.wire.overlay.OverlayHeader). */
    private static final int MIN_SEALED_LEN = 30;
    private static final byte KIND_TRANSPORT = atenet.wire.overlay.MessageKind.TRANSPORT;

    @Test
    void replayedPacketsAreDropped() throws Exception {
        Requirements.assumeNetns("tcpdump");
        up(2);
        TapClientFixture a = join(topo.a());
        join(topo.b());
        assertEquals(0, exit(a.ping(topo.b().overlayIp(), 2)), "ping A -> B before the capture");

        Path dir = NodeFixture.tempDir("pcap-");
        try {
            Path file = dir.resolve("a.pcap");
            OverlayTopology.Site sa = topo.a();
            Proc dump = closeLater(topo.node().start("tcpdump", "tcpdump", "-n", "-U", "-i", sa.nodeIf(), "-w", file.toString(),
                    "udp", "port", String.valueOf(NodeFixture.UDP_PORT)));
            dump.awaitLine("listening on", Duration.ofSeconds(10));
            assertEquals(0, exit(a.ping(topo.b().overlayIp(), 6)), "ping A -> B during the capture");
            Thread.sleep(300);
            dump.signal("INT");
            dump.exitCode(Duration.ofSeconds(10));

            List<Pcap.Udp> all = Pcap.readUdp(file);
            String seen = all.stream().map(u -> u.src() + ">" + u.dst() + ":" + u.payload().length + "/0x"
                    + Integer.toHexString(u.payload().length > 0 ? u.payload()[0] & 0xff : 0)).toList().toString();
            List<byte[]> sealed = all.stream()
                    .filter(u -> u.dst().equals(sa.serverIp()) && u.dstPort() == NodeFixture.UDP_PORT)
                    .map(Pcap.Udp::payload)
                    .filter(p -> p.length >= MIN_SEALED_LEN && p[0] == KIND_TRANSPORT)
                    .toList();
            assertTrue(sealed.size() >= 5, "captured " + sealed.size() + " sealed client->node packets, expected >= 5 (6 pings); all: " + seen);

            long before = node.drops("replay");
            InetSocketAddress target = new InetSocketAddress(OverlayTopology.NODE_IP, NodeFixture.UDP_PORT);
            try (DatagramSocket sock = new DatagramSocket()) {
                for (byte[] p : sealed) {
                    sock.send(new DatagramPacket(p, p.length, target));
                    Thread.sleep(2);
                }
            }
            long grew = 0;
            for (int i = 0; i < 50 && grew < sealed.size(); i++) {
                Thread.sleep(100);
                grew = node.drops("replay") - before;
            }
            assertTrue(grew >= sealed.size(), "drops.replay grew by " + grew + " after resending " + sealed.size()
                    + " sealed packets; /status: " + node.status().getJsonObject("drops"));
            assertEquals(0, exit(a.ping(topo.b().overlayIp(), 3)), "ping A -> B after the replays");
        } finally {
            NodeFixture.deleteTree(dir);
        }
    }
}
