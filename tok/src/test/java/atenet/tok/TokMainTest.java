package atenet.tok;

import atenet.redolog.keys.KeyFiles;
import atenet.redolog.keys.NodeKeys;
import atenet.redolog.ops.NodeEnrollment;
import atenet.redolog.store.Chain;
import atenet.wire.token.AccessToken;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Layer: the CLI in-process (picocli execute with captured streams) against temp data directories. */
class TokMainTest {
    @TempDir
    Path tmp;

    record Result(int code, String out, String err) {
    }

    Result tok(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = TokMain.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }

    Result ok(String... args) {
        Result r = tok(args);
        assertEquals(0, r.code, () -> String.join(" ", args) + "\nout: " + r.out + "\nerr: " + r.err);
        return r;
    }

    void assertError(Result r, int code, String contains) {
        assertEquals(code, r.code, r.err);
        String[] lines = r.err.strip().split("\n");
        assertEquals(1, lines.length, "one line expected: " + r.err);
        assertTrue(lines[0].startsWith("tok: "), r.err);
        assertFalse(r.err.contains("Exception"), r.err);
        assertFalse(r.err.contains("\tat "), r.err);
        assertTrue(r.err.contains(contains), r.err);
    }

    String data() {
        return tmp.resolve("data").toString();
    }

    @Test
    @SuppressWarnings("unchecked")
    void fullFlow() throws Exception {
        Result init = ok("init", "--data", data(), "--name", "lab");
        assertTrue(init.out.contains("network default 10.250.0.0/24 gateway 10.250.0.1 mtu 1400"), init.out);
        ok("networks", "create", "office", "--subnet", "10.251.0.0/24", "--mtu", "1380", "--data", data());

        List<Object> nets = (List<Object>) Json.parse(ok("networks", "list", "--json", "--data", data()).out);
        assertEquals(2, nets.size());
        Map<String, Object> office = (Map<String, Object>) nets.get(1);
        assertEquals("office", office.get("name"));
        assertEquals("10.251.0.1", office.get("gateway"));
        assertEquals(1380L, office.get("mtu"));
        assertTrue(ok("networks", "list", "--data", data()).out.contains("office"));

        Result issued = ok("keys", "issue", "--network", "office", "--label", "alice", "--expires", "12h", "--data", data());
        String[] lines = issued.out.strip().split("\n");
        assertEquals(1, lines.length, issued.out);
        AccessToken token = AccessToken.decode(lines[0]);
        assertEquals("office", token.networkName());
        assertTrue(issued.err.contains("no node serves network office yet, so the token carries no node address"), issued.err);
        assertTrue(issued.err.contains("tap-client --server HOST:PORT"), issued.err);
        assertEquals(List.of(), token.hints(), "no node joined office yet: no hints");
        try (Chain c = Chain.open(Path.of(data()))) {
            assertArrayEquals(c.chainId(), token.chainId());
            assertArrayEquals(c.state().operatorKey(), token.operatorKey());
        }

        Map<String, Object> j = (Map<String, Object>) Json.parse(ok("keys", "issue", "--network", "default", "--expires", "never", "--json", "--data", data()).out);
        assertEquals(Map.of("keyId", 0, "label", 0, "network", 0, "expiresAt", 0, "token", 0).keySet(), j.keySet());
        assertNull(j.get("expiresAt"));
        AccessToken t2 = AccessToken.decode((String) j.get("token"));
        assertEquals(j.get("keyId"), atenet.wire.crypto.KeyId.hex(t2.keyId()));

        List<Object> keys = (List<Object>) Json.parse(ok("keys", "list", "--json", "--data", data()).out);
        assertEquals(2, keys.size());
        assertEquals("valid", ((Map<String, Object>) keys.get(0)).get("state"));
        String keyId = atenet.wire.crypto.KeyId.hex(token.keyId());
        assertEquals(keyId, ((Map<String, Object>) keys.get(0)).get("keyId"));

        assertTrue(ok("keys", "revoke", keyId, "--data", data()).out.contains("revoked access key " + keyId));
        String list = ok("keys", "list", "--data", data()).out;
        assertTrue(list.contains(keyId) && list.contains("revoked") && list.contains("alice"), list);
        assertError(tok("keys", "revoke", keyId, "--data", data()), 1, "already revoked");

        Result verify = ok("log", "verify", "--data", data());
        assertTrue(verify.out.matches("chain OK: 6 entries, head [0-9a-f]{64}\\n"), verify.out);
        String show = ok("log", "show", "--data", data()).out;
        assertEquals(6, show.strip().split("\n").length, show);
        assertTrue(show.contains("GENESIS") && show.contains("ACCESS_KEY_REVOKED") && show.contains("operator"), show);
        List<Object> entries = (List<Object>) Json.parse(ok("log", "show", "--json", "--data", data()).out);
        assertEquals(6, entries.size());
        assertEquals("NETWORK_CREATED", ((Map<String, Object>) entries.get(1)).get("type"));
        assertEquals(List.of(), Json.parse(ok("nodes", "list", "--json", "--data", data()).out));
    }

    @Test
    @SuppressWarnings("unchecked")
    void tokenNamesJoinedNodesAndNodesList() throws Exception {
        ok("init", "--data", data());
        Path d = Path.of(data());
        try (Chain c = Chain.open(d)) {
            NodeKeys nk = KeyFiles.readOrCreateNodeKeys(d);
            NodeEnrollment.ensureEnrolled(c, KeyFiles.operatorKey(d), nk, "node-1");
            NodeEnrollment.ensureJoined(c, nk, c.state().networkByName("default").orElseThrow().id(),
                    new InetSocketAddress(InetAddress.getByName("192.0.2.7"), 4789));
        }
        Result r = ok("keys", "issue", "--network", "default", "--data", data());
        assertFalse(r.err.contains("--server"), r.err);
        AccessToken t = AccessToken.decode(r.out.strip());
        // v2: pins the chain (id + operator key), hints are the members' endpoints only
        assertTrue(r.out.strip().startsWith(AccessToken.PREFIX), r.out);
        assertEquals(List.of(new InetSocketAddress(InetAddress.getByName("192.0.2.7"), 4789)), t.hints());
        try (Chain c = Chain.open(d)) {
            assertArrayEquals(c.chainId(), t.chainId());
            assertArrayEquals(c.state().operatorKey(), t.operatorKey());
        }
        assertArrayEquals(KeyFiles.operatorKey(d).publicKey(), t.operatorKey());
        byte[] raw = java.util.Base64.getUrlDecoder().decode(r.out.strip().substring(AccessToken.PREFIX.length()));
        byte[] nodeKey = KeyFiles.readOrCreateNodeKeys(d).x25519Public();
        for (int i = 0; i + 32 <= raw.length; i++) {
            assertFalse(java.util.Arrays.equals(raw, i, i + 32, nodeKey, 0, 32), "no node key in a v2 token");
        }
        List<Object> nodes = (List<Object>) Json.parse(ok("nodes", "list", "--json", "--data", data()).out);
        Map<String, Object> n = (Map<String, Object>) nodes.get(0);
        assertEquals("node-1", n.get("name"));
        assertEquals("192.0.2.7:4789", ((Map<String, Object>) ((List<Object>) n.get("networks")).get(0)).get("endpoint"));
        assertTrue(ok("nodes", "list", "--data", data()).out.contains("default@192.0.2.7:4789"));
    }

    @Test
    void errors() throws Exception {
        String missing = tmp.resolve("nope").toString();
        assertError(tok("networks", "list", "--data", missing), 1, "does not exist");
        assertError(tok("log", "verify", "--data", tmp.toString()), 1, "no chain in");
        ok("init", "--data", data());
        assertError(tok("init", "--data", data()), 1, "already exists");
        assertError(tok("keys", "issue", "--network", "nope", "--data", data()), 1, "unknown network 'nope' (known: default)");
        assertError(tok("keys", "issue", "--network", "default", "--expires", "3y", "--data", data()), 2, "bad duration");
        assertError(tok("keys", "issue", "--data", data()), 2, "--network");
        assertError(tok("keys", "revoke", "0123456789abcdef", "--data", data()), 1, "unknown access key 0123456789abcdef");
        assertError(tok("keys", "revoke", "xyz", "--data", data()), 2, "16 hex digits");
        assertError(tok("networks", "create", "Bad_Name", "--subnet", "10.1.0.0/24", "--data", data()), 2, "bad network name");
        assertError(tok("networks", "create", "ok", "--subnet", "10.1.0.1/24", "--data", data()), 2, "did you mean 10.1.0.0/24");
        assertError(tok("networks", "create", "ok", "--data", data()), 2, "--subnet");
        assertError(tok("networks", "create", "default", "--subnet", "10.9.0.0/24", "--data", data()), 1, "already used");
        assertError(tok("networks", "create", "ok", "--subnet", "10.9.0.0/24", "--mtu", "abc", "--data", data()), 2, "abc");
        assertError(tok("frobnicate"), 2, "frobnicate");
        assertError(tok("keys"), 2, "missing subcommand");
        assertError(tok("status", "--data", data()), 1, "no running node for " + data());
        Files.writeString(Path.of(data(), "admin.url"), "http://127.0.0.1:1\n");
        assertError(tok("status", "--data", data()), 1, "no running node for " + data());
        // no operator key
        Files.move(Path.of(data(), "operator.key"), Path.of(data(), "moved.key"));
        assertError(tok("networks", "create", "ok", "--subnet", "10.9.0.0/24", "--data", data()), 1, "no operator key in");
    }

    @Test
    void tamperedChainIsReported() throws Exception {
        ok("init", "--data", data(), "--network", "lab-net-1");
        // flip a byte of the network name in the queue file
        Path chainDir = Path.of(data(), "chain");
        Path cq4;
        try (var s = Files.list(chainDir)) {
            cq4 = s.filter(p -> p.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
        byte[] content = Files.readAllBytes(cq4);
        byte[] needle = "lab-net-1".getBytes(StandardCharsets.UTF_8);
        int at = -1;
        for (int i = 0; i + needle.length <= content.length && at < 0; i++) {
            if (java.util.Arrays.equals(content, i, i + needle.length, needle, 0, needle.length)) {
                at = i;
            }
        }
        assertTrue(at > 0);
        content[at] = 'x';
        Files.write(cq4, content);
        Result r = tok("log", "verify", "--data", data());
        assertError(r, 1, "chain verification failed: chain entry 1 (index 0x");
        assertTrue(r.err.contains("bad signature"), r.err);
        assertError(tok("keys", "list", "--data", data()), 1, "chain entry 1");
    }

    @Test
    @SuppressWarnings("unchecked")
    void statusFromRunningNode() throws Exception {
        ok("init", "--data", data());
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/status", ex -> {
            byte[] b = ("{\"node\":{\"id\":\"n1\",\"name\":\"lab\",\"listen\":\"0.0.0.0:4789\",\"advertised\":\"192.0.2.1:4789\"},"
                    + "\"chain\":{\"id\":\"ab\",\"entries\":5},"
                    + "\"sessions\":[{\"keyId\":\"00112233aabbccdd\",\"network\":\"default\",\"endpoint\":\"192.0.2.9:5000\","
                    + "\"port\":0,\"state\":\"up\",\"idleSeconds\":1.5}],"
                    + "\"networks\":[{\"name\":\"default\",\"subnet\":\"10.250.0.0/24\",\"mtu\":1400,"
                    + "\"ports\":[{\"index\":0,\"kind\":\"UDP_CLIENT\",\"describe\":\"udp 192.0.2.9:5000\",\"rxFrames\":7,"
                    + "\"rxBytes\":700,\"txFrames\":3,\"txBytes\":300}],"
                    + "\"macs\":[{\"mac\":\"02:00:00:00:00:01\",\"port\":0,\"ageSeconds\":4}],"
                    + "\"counters\":{\"floods\":2,\"unicasts\":5,\"stormDrops\":0}}],"
                    + "\"drops\":{\"replay\":3,\"badAuth\":0}}").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
        try {
            Files.writeString(Path.of(data(), "admin.url"), "http://127.0.0.1:" + server.getAddress().getPort() + "\n");
            Result j = ok("status", "--json", "--data", data());
            Map<String, Object> m = (Map<String, Object>) Json.parse(j.out);
            assertEquals("n1", ((Map<String, Object>) m.get("node")).get("id"));
            Result h = ok("status", "--data", data());
            assertTrue(h.out.contains("node n1 (lab)"), h.out);
            assertTrue(h.out.contains("sessions: 1") && h.out.contains("00112233aabbccdd") && h.out.contains("192.0.2.9:5000"), h.out);
            assertTrue(h.out.contains("network default 10.250.0.0/24 mtu 1400: 1 ports, 1 MACs, floods 2, unicasts 5"), h.out);
            assertTrue(h.out.contains("02:00:00:00:00:01"), h.out);
            assertTrue(h.out.contains("drops: replay=3") && !h.out.contains("badAuth"), h.out);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void helpEverywhere() {
        for (String[] args : new String[][]{{"--help"}, {"init", "--help"}, {"networks", "create", "--help"}, {"keys", "issue", "--help"},
                {"keys", "list", "--help"}, {"keys", "revoke", "--help"}, {"nodes", "list", "--help"}, {"log", "verify", "--help"},
                {"log", "show", "--help"}, {"status", "--help"}, {"networks", "--help"}}) {
            Result r = ok(args);
            assertTrue(r.out.contains("Usage: tok"), String.join(" ", args) + ": " + r.out);
        }
        assertTrue(ok("keys", "issue", "--help").out.contains("--data=DIR"));
    }

    @Test
    void jsonRoundTrip() {
        Map<String, Object> m = Json.obj("a", "x\"y\n", "b", List.of(1L, true), "c", null, "d", Json.obj());
        assertEquals(m, Json.parse(Json.write(m)));
        assertEquals(m, Json.parse(Json.pretty(m)));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\":}"));
    }

    @Test
    void dataOptionMayStandBeforeTheVerb() {
        ok("--data", data(), "init");
        assertTrue(ok("--data", data(), "networks", "list").out.contains("default"));
        assertTrue(ok("--data=" + data(), "keys", "list").code == 0);
        assertError(tok("--data", tmp.resolve("missing").toString(), "keys", "list"), 1, "does not exist");
    }

    @Test
    @SuppressWarnings("unchecked")
    void bridgeKeysAreIssuedAndListed() {
        ok("init", "--data", data());
        Result issued = ok("keys", "issue", "--network", "default", "--label", "lan", "--bridge", "--data", data());
        assertTrue(issued.err.contains(", bridge"), issued.err);
        ok("keys", "issue", "--network", "default", "--label", "laptop", "--data", data());
        List<Object> keys = (List<Object>) Json.parse(ok("keys", "list", "--json", "--data", data()).out);
        assertEquals(true, ((Map<String, Object>) keys.get(0)).get("bridge"));
        assertEquals(false, ((Map<String, Object>) keys.get(1)).get("bridge"));
        String[] table = ok("keys", "list", "--data", data()).out.split("\n");
        assertTrue(table[0].contains("BRIDGE"), table[0]);
        assertTrue(table[1].contains("lan") && table[1].contains("bridge"), table[1]);
        assertFalse(table[2].contains("bridge"), table[2]);
        assertTrue(ok("log", "show", "--data", data()).out.contains(", bridge"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void nodesRemove() throws Exception {
        ok("init", "--data", data());
        Path d = Path.of(data());
        NodeKeys nk = KeyFiles.readOrCreateNodeKeys(d);
        try (Chain c = Chain.open(d)) {
            NodeEnrollment.ensureEnrolled(c, KeyFiles.operatorKey(d), nk, "node-1");
            NodeEnrollment.ensureJoined(c, nk, c.state().networkByName("default").orElseThrow().id(),
                    new InetSocketAddress(InetAddress.getByName("192.0.2.7"), 4789));
        }
        String id = atenet.wire.crypto.KeyId.hex(nk.nodeId());
        Result r = ok("nodes", "remove", "node-1", "--data", data());
        assertTrue(r.out.startsWith("removed node " + id + " (node-1)"), r.out);
        assertError(tok("nodes", "remove", id, "--data", data()), 1, "node " + id + " (node-1) is already removed");
        assertError(tok("nodes", "remove", "nobody", "--data", data()), 1, "unknown node 'nobody'");
        String[] table = ok("nodes", "list", "--data", data()).out.split("\n");
        assertTrue(table[0].contains("STATE"), table[0]);
        assertTrue(table[1].contains(id) && table[1].contains("removed") && table[1].strip().endsWith("-"), table[1]);
        Map<String, Object> n = (Map<String, Object>) ((List<Object>) Json.parse(ok("nodes", "list", "--json", "--data", data()).out)).get(0);
        assertEquals("removed", n.get("state"));
        assertEquals(List.of(), n.get("networks"));
        assertTrue(ok("log", "show", "--data", data()).out.contains("NODE_REMOVED"));
        assertTrue(ok("nodes", "remove", "--help").out.contains("Usage: tok nodes remove"));
    }

    @Test
    void statusSendsTheAdminToken() throws Exception {
        ok("init", "--data", data());
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/status", ex -> {
            boolean allowed = "Bearer t0ken".equals(ex.getRequestHeaders().getFirst("Authorization"));
            byte[] b = (allowed ? "{\"node\":{\"id\":\"n1\"}}" : "admin token required").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(allowed ? 200 : 401, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
        try {
            Files.writeString(Path.of(data(), "admin.url"), "http://127.0.0.1:" + server.getAddress().getPort() + "\n");
            assertError(tok("status", "--json", "--data", data()), 1,
                    "wants an admin token: put it in " + Path.of(data(), "admin.token") + " or pass --admin-token-file FILE");
            Files.writeString(Path.of(data(), "admin.token"), "t0ken\n");
            assertTrue(ok("status", "--json", "--data", data()).out.contains("n1"));
            Path wrong = tmp.resolve("wrong.token");
            Files.writeString(wrong, "nope");
            assertError(tok("status", "--admin-token-file", wrong.toString(), "--data", data()), 1, "refused this one (HTTP 401)");
            assertError(tok("status", "--admin-token-file", tmp.resolve("missing").toString(), "--data", data()), 1,
                    "--admin-token-file " + tmp.resolve("missing") + " does not exist");
        } finally {
            server.stop(0);
        }
    }
}
