package atenet.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import atenet.it.netns.Proc;
import atenet.it.netns.Requirements;
import atenet.it.topo.NodeFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * (b) A 50 MB TCP stream A → B arrives intact (same SHA-256).
 * <pre>
 *   root ns (test JVM) --veth 198.18.0.1/30 -- 198.18.0.2 [ns node: vswitch :4789, admin 198.18.0.2:4790]
 *   [ns node] 198.18.1.1/30 --veth-- 198.18.1.2 [ns a: tap-client → atn0 10.250.0.11/24]  nc -N 10.250.0.12 5001 &lt; file
 *   [ns node] 198.18.2.1/30 --veth-- 198.18.2.2 [ns b: tap-client → atn0 10.250.0.12/24]  nc -l -p 5001 &gt; file
 * </pre>
 * Proves: sustained bulk forwarding with full-size frames (MTU/fragmentation right, no corruption,
 * no loss that TCP could not recover from).
 */
class TcpTransferIT extends OverlayTestBase {
    private static final int SIZE = 50 * 1024 * 1024;

    @Test
    void fiftyMegabytesArriveIntact() throws Exception {
        Requirements.assumeNetns("nc", "ss");
        up(2);
        join(topo.a());
        join(topo.b());
        Path dir = NodeFixture.tempDir("nc-");
        try {
            Path sent = dir.resolve("sent.bin");
            Path received = dir.resolve("received.bin");
            randomFile(sent, SIZE >> 20, 42);
            Proc receiver = closeLater(topo.b().ns().start("nc-receiver", "sh", "-c", "exec nc -l -p 5001 > '" + received + "'"));
            awaitListening(topo.b(), 5001);
            Proc sender = topo.a().ns().exec(Duration.ofSeconds(300), "sh", "-c", "nc -N " + topo.b().overlayIp() + " 5001 < '" + sent + "'");
            assertEquals(0, exit(sender), "sender nc exit code");
            assertEquals(0, receiver.exitCode(Duration.ofSeconds(60)), "receiver nc exit code");
            assertEquals(SIZE, Files.size(received), "bytes received");
            assertArrayEquals(sha256(sent), sha256(received), "SHA-256 of sent and received files");
        } finally {
            NodeFixture.deleteTree(dir);
        }
    }
}
