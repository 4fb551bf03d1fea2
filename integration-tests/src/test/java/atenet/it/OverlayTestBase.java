package atenet.it;

import atenet.it.netns.DumpOnFailure;
import atenet.it.netns.Proc;
import atenet.it.netns.Requirements;
import atenet.it.topo.NodeFixture;
import atenet.it.topo.OverlayTopology;
import atenet.it.topo.TapClientFixture;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Common plumbing of the overlay ITs: skip without root/netns, one fresh {@link OverlayTopology} and
 * node per test, everything closed in {@link #tearDown()} even when the test failed, and the output of
 * every process printed on failure ({@link DumpOnFailure}).
 */
@ExtendWith(DumpOnFailure.class)
abstract class OverlayTestBase {
    protected OverlayTopology topo;
    protected NodeFixture node;
    private final Deque<AutoCloseable> toClose = new ArrayDeque<>();

    @BeforeAll
    static void requirements() {
        Requirements.assumeNetns("ping");
    }

    /** Topology with {@code clients} client namespaces (a, b, c) and a started node. */
    protected void up(int clients) {
        topo = OverlayTopology.create(clients);
        node = NodeFixture.start(topo);
    }

    /** Issues a key for the site (label "client-X") and joins with it. */
    protected TapClientFixture join(OverlayTopology.Site site) {
        return join(site, node.issueKey("client-" + site.letter()).getString("token"));
    }

    protected TapClientFixture join(OverlayTopology.Site site, String token) {
        return closeLater(TapClientFixture.start(site, token));
    }

    /** Joins with environment settings for the client ({@code NAME=VALUE}, e.g. a shorter rekey interval). */
    protected TapClientFixture join(OverlayTopology.Site site, String token, String... env) {
        return closeLater(TapClientFixture.start(site, token, env));
    }

    protected <T extends AutoCloseable> T closeLater(T c) {
        toClose.push(c);
        return c;
    }

    protected static int exit(Proc p) {
        return p.exitCode(Duration.ofSeconds(1));
    }

    /** The /status session of {@code keyId}, or null. */
    protected JsonObject session(String keyId) {
        JsonArray sessions = node.status().getJsonArray("sessions");
        if (sessions == null) {
            return null;
        }
        for (int i = 0; i < sessions.size(); i++) {
            JsonObject s = sessions.getJsonObject(i);
            if (keyId.equals(String.valueOf(s.getValue("keyId")))) {
                return s;
            }
        }
        return null;
    }

    /**
     * The /status session of {@code keyId}, waiting up to 3 s for it: /status is a snapshot the node refreshes
     * once a second, so a session that just came up may not be in it yet.
     */
    protected JsonObject awaitSession(String keyId) throws InterruptedException {
        long deadline = System.nanoTime() + 3_000_000_000L;
        JsonObject s;
        while ((s = session(keyId)) == null && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return s;
    }

    @AfterEach
    void tearDown() {
        try {
            while (!toClose.isEmpty()) {
                try {
                    toClose.pop().close();
                } catch (Exception e) {
                    System.err.println("cleanup: " + e);
                }
            }
            if (node != null) {
                node.close();
            }
        } finally {
            if (topo != null) {
                topo.close();
            }
        }
    }

    /** SHA-256 of a file (transfer checks). */
    /** Writes {@code mb} MiB of pseudo-random bytes (from {@code seed}) to {@code file}, for transfers to compare. */
    protected static void randomFile(java.nio.file.Path file, int mb, long seed) throws java.io.IOException {
        byte[] chunk = new byte[1 << 20];
        java.util.Random rnd = new java.util.Random(seed);
        try (java.io.OutputStream o = java.nio.file.Files.newOutputStream(file)) {
            for (int i = 0; i < mb; i++) {
                rnd.nextBytes(chunk);
                o.write(chunk);
            }
        }
    }

    protected static byte[] sha256(java.nio.file.Path p) throws Exception {
        java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(p)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return md.digest();
    }

    /** Waits until a TCP listener is up on {@code port} in {@code site}'s namespace (10 s at most). */
    protected static void awaitListening(OverlayTopology.Site site, int port) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (!site.ns().ok("ss", "-Hltn", "sport = :" + port).isBlank()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("nothing is listening on :" + port + " in " + site.ns().name());
    }
}
