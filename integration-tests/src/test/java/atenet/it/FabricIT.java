package atenet.it;

import atenet.it.netns.Proc;
import atenet.it.topo.FabricNode;
import atenet.it.topo.FabricTopology;
import atenet.it.topo.NodeFixture;
import atenet.it.topo.TapClientFixture;
import io.vertx.core.json.JsonObject;
import atenet.redolog.store.Chain;
import atenet.wire.crypto.KeyId;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import static atenet.it.topo.NodeFixture.ok;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Three nodes share one chain through Raft, enrolled as a new user would (issue 6, sections 1–2).
 * <pre>
 *   [ns lan: br0] ── root ns 198.18.10.254 (this JVM, tok)
 *        ├── [ns n1] 198.18.10.1  vswitch (first run: creates the chain)          admin :4790  raft :4791
 *        ├── [ns n2] 198.18.10.2  vswitch --join TOKEN (tok nodes add --name n2)
 *        ├── [ns n3] 198.18.10.3  vswitch --join TOKEN (tok nodes add --name n3)
 *        └── [ns n4] 198.18.10.4  vswitch --join with n2's token again: refused
 * </pre>
 * Proves: enrolment with a one-time grant; every node ends with the same chain; a key issued through one node is
 * in every copy within 1 s; with the leader killed (-9) the other two elect a leader and keep taking writes (issue
 * and revoke, from the operator's machine with {@code tok --node}); the killed node, restarted with its
 * directory, catches up to the same head; {@code tok nodes remove} takes a node out of the Raft group.
 */
class FabricIT extends FabricTestBase {
    private static void eventually(Duration limit, String what, BooleanSupplier ok) {
        long end = System.nanoTime() + limit.toNanos();
        while (!ok.getAsBoolean()) {
            if (System.nanoTime() > end) {
                fail("not within " + limit.toSeconds() + " s: " + what);
            }
            sleep(50);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The chain head (hash) of a node's copy, read from its files as tok would. */
    private static String head(Path dataDir) {
        try (Chain c = Chain.open(dataDir)) {
            return c.size() + ":" + c.headHashHex();
        }
    }

    private static boolean hasKey(Path dataDir, long keyId, boolean revoked) {
        try (Chain c = Chain.open(dataDir)) {
            return c.state().accessKey(keyId).map(k -> k.revoked() == revoked).orElse(false);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** tok from the operator's machine: against a running node, with the operator key from n1's directory. */
    private static Proc tokVia(FabricNode via, Path operatorKey, String... args) {
        List<String> cmd = new ArrayList<>(List.of(atenet.it.topo.Repo.bin("tok"), "--node", via.admin(),
                "--node-token-file", via.dataDir().resolve("admin.token").toString(), "--operator-key", operatorKey.toString()));
        cmd.addAll(List.of(args));
        return Proc.run("tok", Duration.ofSeconds(60), cmd);
    }

    /**
     * A client joins the node that enrolled itself with a grant (its certificate is the NODE_ADMITTED entry), and
     * a key revoked through another node cuts it within a second.
     * <pre>
     *   [ns n1] ── lan ── [ns n2] ── to-a ── [ns a: tap-client --server 198.18.20.1:4789]
     * </pre>
     */
    @Test
    void aClientOfAJoinedNodeIsCutByARevocationThroughAnother() {
        fabric = FabricTopology.create(2, 2);
        FabricNode n1 = node(1).start();
        FabricNode n2 = node(2).start("--join", ok(n1.tok("nodes", "add", "--name", "n2")).strip());
        JsonObject key = NodeFixture.json(ok(n1.tok("keys", "issue", "--network", "default", "--label", "on-n2", "--json")));
        TapClientFixture a = TapClientFixture.start(fabric.client('a'), key.getString("token"));
        open.add(a);
        assertTrue(a.proc().output().contains("via node n2"), a.proc().output());

        long tokStarted = System.nanoTime();
        ok(n1.tok("keys", "revoke", key.getString("keyId")));
        long revokedAt = System.nanoTime();
        a.proc().awaitLine("tap-client: the node ended the session", Duration.ofSeconds(3));
        long cutMs = (System.nanoTime() - revokedAt) / 1_000_000;
        System.out.printf("FabricIT: a client of n2 was cut %d ms after tok keys revoke through n1 returned (tok ran %d ms)%n",
                cutMs, (revokedAt - tokStarted) / 1_000_000);
        assertTrue(cutMs <= 1000, "cut " + cutMs + " ms after the revoke (limit 1000 ms)");
        assertEquals(3, a.proc().exitCode(Duration.ofSeconds(10)), a.proc().output());
    }

    /**
     * A node cut off from the other two (blackhole routes between their LAN addresses; this JVM still reaches it)
     * commits nothing; the majority goes on; after the partition heals all three hold the same chain, without the
     * entry the cut-off node was asked to write.
     */
    @Test
    void aPartitionedNodeCommitsNothingAndAgreesAgainAfterTheHeal() {
        fabric = FabricTopology.create(3);
        FabricNode n1 = node(1).start();
        FabricNode n2 = node(2).start("--join", ok(n1.tok("nodes", "add", "--name", "n2")).strip());
        FabricNode n3 = node(3).start("--join", ok(n1.tok("nodes", "add", "--name", "n3")).strip());
        eventually(Duration.ofSeconds(10), "the same chain in every copy", () ->
                head(n1.dataDir()).equals(head(n3.dataDir())) && head(n2.dataDir()).equals(head(n3.dataDir())));
        Path operatorKey = n1.dataDir().resolve("operator.key");

        cut(3, true);
        Proc minority = tokVia(n3, operatorKey, "keys", "issue", "--network", "default", "--label", "minority", "--json");
        assertEquals(1, minority.exitCode(Duration.ofSeconds(60)), "a write through the cut-off node:\n" + minority.output());
        String majority = ok(tokVia(n1, operatorKey, "keys", "issue", "--network", "default", "--label", "majority", "--json"));
        long majorityKey = KeyId.parse(NodeFixture.json(majority).getString("keyId"));
        assertFalse(hasKey(n3.dataDir(), majorityKey, false), "the cut-off node cannot have the majority's entry yet");

        cut(3, false);
        eventually(Duration.ofSeconds(30), "all three agree after the heal", () ->
                head(n1.dataDir()).equals(head(n3.dataDir())) && head(n2.dataDir()).equals(head(n3.dataDir())));
        assertTrue(hasKey(n3.dataDir(), majorityKey, false));
        try (Chain c = Chain.open(n3.dataDir())) {
            assertTrue(c.state().accessKeys().stream().noneMatch(k -> k.label().equals("minority")),
                    "the entry asked of the minority was never committed");
        }
    }

    /**
     * A member whose copy was tampered with refuses to start and names the entry; once the operator removed the copy
     * (DATA/chain and chain.head), it copies the chain back from the other members through Raft, verifies it, and
     * ends at the same head (including what was written while it was down).
     */
    @Test
    void aTamperedMemberRefusesToStartAndResyncsOnceItsCopyIsRemoved() throws Exception {
        fabric = FabricTopology.create(3);
        FabricNode n1 = node(1).start();
        FabricNode n2 = node(2).start("--join", ok(n1.tok("nodes", "add", "--name", "n2")).strip());
        FabricNode n3 = node(3).start("--join", ok(n1.tok("nodes", "add", "--name", "n3")).strip());
        String label = "tamper-" + System.nanoTime();
        ok(n1.tok("keys", "issue", "--network", "default", "--label", label));
        eventually(Duration.ofSeconds(10), "n3 has the entry", () -> head(n1.dataDir()).equals(head(n3.dataDir())));
        n3.proc().signal("TERM");
        assertEquals(0, n3.proc().exitCode(Duration.ofSeconds(20)));

        byte[] needle = label.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        boolean flipped = false;
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(n3.dataDir().resolve("chain"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".cq4")).toList()) {
                long at = TamperedChainIT.indexOf(f, needle);
                if (at >= 0) {
                    TamperedChainIT.flip(f, at + needle.length / 2);
                    flipped = true;
                    break;
                }
            }
        }
        assertTrue(flipped, "the label was found in n3's copy");
        Proc refused = n3.launch();
        assertEquals(1, refused.exitCode(Duration.ofSeconds(60)), refused.output());
        assertTrue(refused.stderr().contains("chain entry"), "names the entry:\n" + refused.output());

        // meanwhile the others go on; then the operator removes the tampered copy
        ok(n1.tok("keys", "issue", "--network", "default", "--label", "while-n3-was-down"));
        NodeFixture.deleteTree(n3.dataDir().resolve("chain"));
        java.nio.file.Files.deleteIfExists(n3.dataDir().resolve("chain.head"));
        n3.start();
        assertTrue(n3.proc().stderr().contains("copied and verified"), n3.proc().output());
        eventually(Duration.ofSeconds(20), "n3 back at the others' head", () ->
                head(n1.dataDir()).equals(head(n3.dataDir())) && head(n2.dataDir()).equals(head(n3.dataDir())));
    }

    /**
     * A node serves a network while it has clients of it: it joins when the first arrives, and leaves after a while
     * without any (ATENET_LEAVE_AFTER_SECONDS=3 here; 10 minutes by default); its peer then drops the link.
     * <pre>
     *   [ns a] ── [ns n1] ── lan ── [ns n2] ── [ns b]
     * </pre>
     */
    @Test
    void aNodeJoinsANetworkWithItsFirstClientAndLeavesItWhenIdle() {
        fabric = FabricTopology.create(2, 1, 2);
        FabricNode n1 = node(1).env("ATENET_LEAVE_AFTER_SECONDS=3").start();
        FabricNode n2 = node(2).env("ATENET_LEAVE_AFTER_SECONDS=3").start("--join", ok(n1.tok("nodes", "add", "--name", "n2")).strip());
        assertFalse(ok(n1.tok("nodes", "list")).contains("default@"), "no client yet: no node serves the network");
        TapClientFixture a = null;
        TapClientFixture b = null;
        try {
            a = TapClientFixture.start(fabric.client('a'), NodeFixture.json(ok(n1.tok("keys", "issue", "--network", "default", "--json"))).getString("token"));
            b = TapClientFixture.start(fabric.client('b'), NodeFixture.json(ok(n1.tok("keys", "issue", "--network", "default", "--json"))).getString("token"));
            eventually(Duration.ofSeconds(10), "both nodes serve the network and are linked", () ->
                    count(ok(n1.tok("nodes", "list")), "default@") == 2 && upPeers(n1) == 1);
            b.close();
            long closed = System.nanoTime();
            eventually(Duration.ofSeconds(15), "n2 left the network and n1 dropped the link", () ->
                    count(ok(n1.tok("nodes", "list")), "default@") == 1 && upPeers(n1) == 0);
            System.out.printf("FabricIT: n2 left the network %.1f s after its last client went%n", (System.nanoTime() - closed) / 1e9);
            assertTrue(ok(n1.tok("nodes", "list")).lines().anyMatch(l -> l.contains(" n1 ") && l.contains("default@")),
                    "n1 still serves it: its client is there");
        } finally {
            if (a != null) {
                a.close();
            }
            if (b != null) {
                b.close();
            }
        }
    }

    private static long upPeers(FabricNode n) {
        return n.status().getJsonArray("peers").stream().filter(o -> "up".equals(((JsonObject) o).getString("state"))).count();
    }

    /** Blackhole routes between node {@code i} and the other nodes (both ways), or removes them. */
    private void cut(int i, boolean on) {
        for (int j = 1; j <= 3; j++) {
            if (j != i) {
                String verb = on ? "add" : "del";
                fabric.node(i).ok("ip", "route", verb, "blackhole", FabricTopology.nodeIp(j) + "/32");
                fabric.node(j).ok("ip", "route", verb, "blackhole", FabricTopology.nodeIp(i) + "/32");
            }
        }
    }

    @Test
    void threeNodesEnrolledWithGrantsShareOneChainAndSurviveTheLossOfOne() {
        fabric = FabricTopology.create(4);
        FabricNode n1 = node(1).start();
        String t2 = ok(n1.tok("nodes", "add", "--name", "n2")).strip();
        String t3 = ok(n1.tok("nodes", "add", "--name", "n3")).strip();
        assertTrue(t2.startsWith("atnj_"), t2);
        FabricNode n2 = node(2).start("--join", t2);
        FabricNode n3 = node(3).start("--join", t3);
        List<FabricNode> all = List.of(n1, n2, n3);

        eventually(Duration.ofSeconds(15), "one leader and two followers", () ->
                all.stream().filter(n -> n.role().equals("LEADER")).count() == 1
                        && all.stream().filter(n -> n.role().equals("FOLLOWER")).count() == 2);
        eventually(Duration.ofSeconds(10), "the same chain in every copy", () ->
                head(n1.dataDir()).equals(head(n2.dataDir())) && head(n1.dataDir()).equals(head(n3.dataDir())));
        String nodes = ok(n3.tok("nodes", "list"));
        for (String name : List.of("n1", "n2", "n3")) {
            assertTrue(nodes.contains(name), nodes);
        }
        // tok nodes list asks the running node for what the chain cannot say: the Raft roles
        eventually(Duration.ofSeconds(10), "tok nodes list: one leader, two followers", () -> {
            String l = ok(n3.tok("nodes", "list"));
            return count(l, " LEADER ") == 1 && count(l, " FOLLOWER ") == 2;
        });

        // the grant is used: the same token enrols nobody else
        FabricNode n4 = node(4);
        Proc again = n4.launch("--join", t2);
        assertEquals(1, again.exitCode(Duration.ofSeconds(30)), again.output());
        assertTrue(again.stderr().contains("used already"), again.output());

        // a key issued through n2 is in n3's copy within 1 s of the commit
        Path operatorKey = n1.dataDir().resolve("operator.key");
        String keyJson = ok(tokVia(n2, operatorKey, "keys", "issue", "--network", "default", "--label", "via-n2", "--json"));
        long committed = System.nanoTime();
        long keyId = KeyId.parse(NodeFixture.json(keyJson).getString("keyId"));
        eventually(Duration.ofSeconds(1), "the key in n3's copy", () -> hasKey(n3.dataDir(), keyId, false));
        System.out.printf("FabricIT: key issued through n2 was in n3's chain copy %.0f ms after tok returned%n",
                (System.nanoTime() - committed) / 1e6);

        // kill -9 the leader: the two others elect a leader and keep taking writes
        FabricNode leader = all.stream().filter(n -> n.role().equals("LEADER")).findFirst().orElseThrow();
        List<FabricNode> rest = all.stream().filter(n -> n != leader).toList();
        long killed = System.nanoTime();
        leader.kill9();
        eventually(Duration.ofSeconds(15), "a new leader among the two left", () -> rest.stream().anyMatch(n -> n.role().equals("LEADER")));
        System.out.printf("FabricIT: new leader %.0f ms after kill -9%n", (System.nanoTime() - killed) / 1e6);
        FabricNode survivor = rest.get(0);
        String second = ok(tokVia(survivor, operatorKey, "keys", "issue", "--network", "default", "--label", "after-kill", "--json"));
        long secondId = KeyId.parse(NodeFixture.json(second).getString("keyId"));
        ok(tokVia(rest.get(1), operatorKey, "keys", "revoke", KeyId.hex(keyId)));
        for (FabricNode n : rest) {
            eventually(Duration.ofSeconds(2), "both writes in " + n.dataDir(), () ->
                    hasKey(n.dataDir(), secondId, false) && hasKey(n.dataDir(), keyId, true));
        }

        // the killed node comes back with only its directory and catches up
        leader.start();
        eventually(Duration.ofSeconds(20), "the restarted node at the same head", () ->
                head(leader.dataDir()).equals(head(survivor.dataDir())));
        assertTrue(hasKey(leader.dataDir(), keyId, true) && hasKey(leader.dataDir(), secondId, false));

        // tok nodes remove of the current leader (the hard case): it leaves the chain and the Raft group, the other two
        // elect a leader and commit the smaller membership
        eventually(Duration.ofSeconds(15), "a leader", () -> all.stream().anyMatch(n -> n.role().equals("LEADER")));
        FabricNode gone = all.stream().filter(n -> n.role().equals("LEADER")).findFirst().orElseThrow();
        List<FabricNode> stay = all.stream().filter(n -> n != gone).toList();
        String goneName = "n" + (all.indexOf(gone) + 1);
        String goneId = atenet.wire.crypto.KeyId.hex(atenet.redolog.keys.KeyFiles.readOrCreateNodeKeys(gone.dataDir()).nodeId());
        ok(tokVia(stay.get(0), operatorKey, "nodes", "remove", goneName));
        long removed = System.nanoTime();
        eventually(Duration.ofSeconds(20), goneName + " (the leader) out of the Raft group", () ->
                stay.stream().allMatch(n -> raftMembers(n.dataDir()).size() == 2 && !raftMembers(n.dataDir()).contains(goneId)));
        System.out.printf("FabricIT: removed leader out of the Raft group %.0f ms after tok returned%n", (System.nanoTime() - removed) / 1e6);
        eventually(Duration.ofSeconds(15), "a new leader among the two left", () -> stay.stream().anyMatch(n -> n.role().equals("LEADER")));
        String after = NodeFixture.json(ok(tokVia(stay.get(1), operatorKey, "keys", "issue", "--network", "default", "--json"))).getString("keyId");
        eventually(Duration.ofSeconds(5), "the two left still commit", () -> hasKey(stay.get(0).dataDir(), KeyId.parse(after), false));
    }

    private static int count(String text, String word) {
        int n = 0;
        for (int i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) {
            n++;
        }
        return n;
    }

    private static List<String> raftMembers(Path dataDir) {
        try {
            return atenet.redolog.repl.RaftMembersFile.read(dataDir).orElse(List.of()).stream()
                    .map(atenet.redolog.repl.RaftMember::nodeId).toList();
        } catch (RuntimeException e) {
            return List.of();
        }
    }
}
