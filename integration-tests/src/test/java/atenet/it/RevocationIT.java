package atenet.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atenet.it.netns.Proc;
import atenet.it.topo.NodeFixture;
import atenet.it.topo.TapClientFixture;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * (c) Revoking a key cuts its live session within 1 s and refuses it afterwards.
 * <pre>
 *   root ns (test JVM: bin/tok keys revoke, GET /status) --veth 198.18.0.1/30 -- 198.18.0.2 [ns node: vswitch :4789, admin :4790]
 *   [ns node] 198.18.1.1/30 --veth-- 198.18.1.2 [ns a: tap-client → atn0 10.250.0.11/24]
 * </pre>
 * Proves: the node follows the chain while running (tok appends from another process), ends the
 * session (the client is told why and exits 3), and a revoked key cannot start a new session.
 */
class RevocationIT extends OverlayTestBase {
    private static final String REVOKED = "the access key was revoked";

    @Test
    void revokedKeyIsCutWithinOneSecondAndRefusedAfterwards() throws InterruptedException {
        up(1);
        JsonObject key = node.issueKey("revoke-me");
        String keyId = String.valueOf(key.getValue("keyId"));
        String token = key.getString("token");
        TapClientFixture a = join(topo.a(), token);
        assertNotNull(awaitSession(keyId), "a session for key " + keyId + " in /status after joining: " + node.status().encodePrettily());

        NodeFixture.ok(node.tok("keys", "revoke", keyId));
        long revokedAt = System.nanoTime();
        // The cut as the user sees it: the client is told (authenticated BYE) and says so.
        a.proc().awaitLine("tap-client: the node ended the session", Duration.ofSeconds(3));
        long cutMs = (System.nanoTime() - revokedAt) / 1_000_000;
        assertTrue(cutMs <= 1000, "session cut " + cutMs + " ms after tok keys revoke returned (limit 1000 ms)");
        // ... and the node's status no longer lists it as live (a snapshot up to 1 s old: allow 3 s).
        boolean gone = false;
        while (!gone && System.nanoTime() - revokedAt < 3_000_000_000L) {
            gone = !live(session(keyId));
            Thread.sleep(50);
        }
        assertTrue(gone, "session of key " + keyId + " still live 3 s after the revoke: " + node.status().encodePrettily());

        assertEquals(3, a.proc().exitCode(Duration.ofSeconds(10)), "live client's exit code after revocation");
        assertTrue(a.proc().stderr().contains("tap-client: the node ended the session: " + REVOKED), a.proc().output());

        Proc again = closeLater(TapClientFixture.launch(topo.a(), token));
        assertEquals(3, again.exitCode(Duration.ofSeconds(30)), "exit code of a client started with the revoked token");
        assertTrue(again.stderr().contains("tap-client: refused by") && again.stderr().contains(REVOKED), again.output());
    }

    /** A session counts as cut when it is gone from /status or its state says it ended. */
    private static boolean live(JsonObject session) {
        return session != null && !String.valueOf(session.getValue("state")).toLowerCase().matches(".*(closed|revoked|ended|dead|gone).*");
    }
}
