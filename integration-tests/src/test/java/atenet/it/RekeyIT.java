package atenet.it;

import atenet.it.netns.Proc;
import atenet.it.netns.Requirements;
import atenet.it.topo.NodeFixture;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.*;

/**
 * (b) A TCP stream keeps going, intact, across several rekeys (Noise IK every 2 s instead of 120 s here).
 * <pre>
 *   [ns node: vswitch :4789]
 *   [ns a: tap-client (ATENET_REKEY_AFTER_SECONDS=2)]  dd … | nc -N 10.250.0.12 5001   (40 MB over about 10 s)
 *   [ns b: tap-client (ATENET_REKEY_AFTER_SECONDS=2)]  nc -l -p 5001 &gt; file
 * </pre>
 * Proves: rekeying under traffic loses nothing TCP can see — same SHA-256, no packet under a dropped key
 * (node drops badAuth and unknownSession stay 0) — while both sessions rekeyed at least three times.
 */
class RekeyIT extends OverlayTestBase {
    private static final int MB = 40;

    @Test
    void aTcpStreamCrossesSeveralRekeysIntact() throws Exception {
        Requirements.assumeNetns("nc", "ss", "dd");
        up(2);
        join(topo.a(), node.firstToken(), "ATENET_REKEY_AFTER_SECONDS=2");
        join(topo.b(), node.issueKey("rekey-b").getString("token"), "ATENET_REKEY_AFTER_SECONDS=2");
        Path dir = NodeFixture.tempDir("rekey-");
        try {
            Path sent = dir.resolve("sent.bin");
            Path received = dir.resolve("received.bin");
            randomFile(sent, MB, 7);
            Proc receiver = closeLater(topo.b().ns().start("nc-receiver", "sh", "-c", "exec nc -l -p 5001 > '" + received + "'"));
            awaitListening(topo.b(), 5001);
            Proc sender = topo.a().ns().exec(Duration.ofSeconds(120), "sh", "-c",
                    "for i in $(seq 0 " + (MB - 1) + "); do dd if='" + sent + "' bs=1M skip=$i count=1 2>/dev/null; sleep 0.25; done"
                            + " | nc -N " + topo.b().overlayIp() + " 5001");
            assertEquals(0, exit(sender), "sender exit code");
            assertEquals(0, receiver.exitCode(Duration.ofSeconds(60)), "receiver exit code");
            assertEquals((long) MB << 20, Files.size(received), "bytes received");
            assertArrayEquals(sha256(sent), sha256(received), "SHA-256 of sent and received streams");

            JsonObject status = node.status();
            for (Object o : status.getJsonArray("sessions")) {
                JsonObject s = (JsonObject) o;
                assertTrue(s.getLong("rekeys") >= 3, "each session rekeyed at least 3 times in ~10 s: " + s);
            }
            JsonObject drops = status.getJsonObject("drops");
            assertEquals(0L, drops.getLong("badAuth"), "no packet under a key the node had dropped: " + drops);
            assertEquals(0L, drops.getLong("unknownSession"), "no packet for a session the node had dropped: " + drops);
        } finally {
            NodeFixture.deleteTree(dir);
        }
    }

}
