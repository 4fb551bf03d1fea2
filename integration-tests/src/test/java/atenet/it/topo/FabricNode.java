package atenet.it.topo;

import atenet.it.netns.Cleanup;
import atenet.it.netns.Netns;
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
import java.util.List;

/**
 * A vswitch of a {@link FabricTopology} in node namespace {@code i}:
 * {@code bin/vswitch --data DIR --listen 0.0.0.0:4789 --admin 198.18.10.i:4790 --admin-token-file DIR/admin.token
 * --raft-listen 198.18.10.i:4791 --advertise 198.18.10.i:4789 --name n<i> [--join TOKEN]} (peers reach each other on the LAN). The first node creates the chain (first run on an
 * empty DIR); the others join with an enrolment token from {@code tok nodes add}.
 */
public final class FabricNode implements AutoCloseable {
    public static final String ADMIN_TOKEN = NodeFixture.ADMIN_TOKEN;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Netns ns;
    private final int index;
    private final Path dataDir;
    private final List<Proc> runs = new ArrayList<>();
    private Proc proc;
    private final List<String> env = new ArrayList<>();

    public FabricNode(FabricTopology topo, int index) {
        this.ns = topo.node(index);
        this.index = index;
        this.dataDir = NodeFixture.tempDir("fabric-n" + index + "-");
        Cleanup.register(this);
    }

    /** Environment settings (NAME=VALUE) for the next launches. */
    public FabricNode env(String... settings) {
        env.addAll(List.of(settings));
        return this;
    }

    public String admin() {
        return FabricTopology.nodeIp(index) + ":4790";
    }

    public Path dataDir() {
        return dataDir;
    }

    public Proc proc() {
        return proc;
    }

    /** Starts the process ({@code extra} appended, e.g. --join TOKEN) without waiting. */
    public Proc launch(String... extra) {
        Path tokenFile = dataDir.resolve("admin.token");
        try {
            Files.createDirectories(dataDir);
            Files.writeString(tokenFile, ADMIN_TOKEN + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> cmd = new ArrayList<>();
        if (!env.isEmpty()) {
            cmd.add("env");
            cmd.addAll(env);
        }
        cmd.addAll(List.of(Repo.bin("vswitch"), "--data", dataDir.toString(),
                "--listen", "0.0.0.0:" + NodeFixture.UDP_PORT, "--admin", admin(), "--admin-token-file", tokenFile.toString(),
                "--raft-listen", FabricTopology.nodeIp(index) + ":4791", "--advertise", FabricTopology.nodeIp(index) + ":" + NodeFixture.UDP_PORT,
                "--name", "n" + index));
        cmd.addAll(List.of(extra));
        proc = ns.start("vswitch-n" + index, cmd.toArray(new String[0]));
        runs.add(proc);
        return proc;
    }

    /** Starts and waits until it listens (60 s: a join copies the chain and waits for Raft). */
    public FabricNode start(String... extra) {
        launch(extra);
        proc.awaitLine("vswitch: listening on udp (\\S+)", Duration.ofSeconds(60));
        return this;
    }

    /** {@code bin/tok --data DIR args...} from the root namespace. */
    public Proc tok(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Repo.bin("tok"), "--data", dataDir.toString()));
        cmd.addAll(List.of(args));
        return Proc.run("tok", Duration.ofSeconds(60), cmd);
    }

    public JsonObject status() {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://" + admin() + "/status")).timeout(Duration.ofSeconds(5))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).GET().build();
        try {
            HttpResponse<String> r = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new AssertionError("GET /status of n" + index + " -> HTTP " + r.statusCode() + ": " + r.body());
            }
            return new JsonObject(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException("GET http://" + admin() + "/status", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The Raft role in /status ("LEADER", "FOLLOWER", ...), or "DOWN" when the admin API does not answer. */
    public String role() {
        try {
            return status().getJsonObject("chain").getJsonObject("raft").getString("role");
        } catch (RuntimeException | AssertionError e) {
            return "DOWN";
        }
    }

    public void kill9() {
        proc.signal("KILL");
        proc.exitCode(Duration.ofSeconds(10));
    }

    @Override
    public void close() {
        for (Proc p : runs) {
            p.close();
        }
        NodeFixture.deleteTree(dataDir);
        Cleanup.unregister(this);
    }
}
