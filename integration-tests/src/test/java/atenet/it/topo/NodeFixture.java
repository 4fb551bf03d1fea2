package atenet.it.topo;

import atenet.it.netns.Cleanup;
import atenet.it.netns.Proc;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.MatchResult;
import java.util.stream.Stream;

/**
 * A vswitch node in the topology's node namespace:
 * {@code bin/vswitch --data DIR --listen 0.0.0.0:4789 --admin 198.18.0.2:4790 --admin-token-file DIR/admin.token},
 * DIR a fresh temp dir (an admin address off loopback needs a token; {@code tok status} finds it in DIR/admin.token).
 * On the first run (empty DIR) the node creates its chain and prints the first access token (a line
 * starting with {@code atn2_}); {@link #firstToken()} holds it. {@link #tok} runs {@code bin/tok} on the
 * same data dir from the root namespace; {@link #status()} reads the admin API from the root namespace.
 */
public final class NodeFixture implements AutoCloseable {
    public static final int UDP_PORT = 4789;
    public static final String ADMIN = OverlayTopology.NODE_IP + ":4790";
    public static final String ADMIN_TOKEN = "it-admin-token";
    public static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final OverlayTopology topo;
    private final Path dataDir;
    private final List<Proc> runs = new ArrayList<>();
    private Proc proc;
    private String firstToken;
    private String firstTapClientCommand;

    private NodeFixture(OverlayTopology topo, Path dataDir) {
        this.topo = topo;
        this.dataDir = dataDir;
    }

    /** Starts a node on a new, empty data dir and waits until it listens (30 s). */
    public static NodeFixture start(OverlayTopology topo) {
        NodeFixture n = new NodeFixture(topo, tempDir("node-data-"));
        Cleanup.register(n);
        try {
            n.launch();
            n.awaitListening();
            MatchResult tok = n.proc.awaitStdoutLine("^\\s*(atn2_\\S+)\\s*$", Duration.ofSeconds(5));
            n.firstToken = tok.group(1);
            try {
                n.firstTapClientCommand = n.proc.awaitStdoutLine("(\\S*tap-client\\s.*--token.*)$", Duration.ofSeconds(5)).group(1);
            } catch (AssertionError noCommand) {
                n.firstTapClientCommand = null; // PingIT asserts it; the other tests do not depend on it
            }
        } catch (RuntimeException | Error e) {
            n.close();
            throw e;
        }
        return n;
    }

    /** Starts the node process on this data dir without waiting for anything. */
    public Proc launch() {
        if (proc != null && proc.isAlive()) {
            throw new IllegalStateException("node already running");
        }
        Path tokenFile = dataDir.resolve("admin.token");
        try {
            Files.writeString(tokenFile, ADMIN_TOKEN + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        proc = topo.node().start("vswitch", Repo.bin("vswitch"), "--data", dataDir.toString(),
                "--listen", "0.0.0.0:" + UDP_PORT, "--admin", ADMIN, "--admin-token-file", tokenFile.toString());
        runs.add(proc);
        return proc;
    }

    /** Waits for "vswitch: listening on udp HOST:PORT". */
    public MatchResult awaitListening() {
        return proc.awaitLine("vswitch: listening on udp (\\S+)", START_TIMEOUT);
    }

    /** SIGTERM and waits for the exit (20 s); returns the exit code. */
    public int stop() {
        proc.signal("TERM");
        return proc.exitCode(Duration.ofSeconds(20));
    }

    /** Starts again on the same data dir and waits until it listens. */
    public void restart() {
        launch();
        awaitListening();
    }

    public Proc proc() {
        return proc;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The token printed on the first run. */
    public String firstToken() {
        return firstToken;
    }

    /** The tap-client command line printed on the first run. */
    public String firstTapClientCommand() {
        return firstTapClientCommand;
    }

    /** Runs {@code bin/tok --data DIR args...} in the root namespace; returns the finished Proc. */
    public Proc tok(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Repo.bin("tok"), "--data", dataDir.toString()));
        cmd.addAll(List.of(args));
        return Proc.run("tok", Duration.ofSeconds(60), cmd);
    }

    /** Runs {@code bin/tok} with exactly {@code args} (no --data added), e.g. {@code tok init --data D2}. */
    public static Proc tokRaw(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Repo.bin("tok")));
        cmd.addAll(List.of(args));
        return Proc.run("tok", Duration.ofSeconds(60), cmd);
    }

    /** Fails unless {@code p} exited 0; returns its stdout. */
    public static String ok(Proc p) {
        int code = p.exitCode(Duration.ofSeconds(1));
        if (code != 0) {
            throw new AssertionError(p + " exited " + code + ":\n" + p.output());
        }
        return p.stdout();
    }

    /** The JSON object in a command's stdout (from the first '{' to the last '}'). */
    public static JsonObject json(String stdout) {
        int from = stdout.indexOf('{');
        int to = stdout.lastIndexOf('}');
        if (from < 0 || to < from) {
            throw new AssertionError("no JSON object in:\n" + stdout);
        }
        return new JsonObject(stdout.substring(from, to + 1));
    }

    /** {@code tok keys issue --network default --label LABEL --json}: {"keyId","token",...}. */
    public JsonObject issueKey(String label) {
        return json(ok(tok("keys", "issue", "--network", "default", "--label", label, "--json")));
    }

    /** GET http://198.18.0.2:4790/status, parsed. */
    public JsonObject status() {
        return new JsonObject(get("/status"));
    }

    /** GET /metrics (Prometheus text). */
    public String metrics() {
        return get("/metrics");
    }

    private String get(String path) {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://" + ADMIN + path)).timeout(Duration.ofSeconds(5))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).GET().build();
        try {
            HttpResponse<String> r = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new AssertionError("GET " + path + " -> HTTP " + r.statusCode() + ": " + r.body());
            }
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException("GET http://" + ADMIN + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** /status "drops" counter by name (0 when absent). */
    public long drops(String name) {
        JsonObject d = status().getJsonObject("drops");
        return d == null || d.getValue(name) == null ? 0 : d.getLong(name);
    }

    @Override
    public void close() {
        for (Proc p : runs) {
            p.close();
        }
        deleteTree(dataDir);
        Cleanup.unregister(this);
    }

    /** A new directory under target/it (the caller deletes it, see {@link #deleteTree}). */
    public static Path tempDir(String prefix) {
        try {
            Files.createDirectories(Repo.out());
            return Files.createTempDirectory(Repo.out(), prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("cannot delete " + dir + ": " + e);
        }
    }

    @Override
    public String toString() {
        return "vswitch node on " + dataDir;
    }
}
