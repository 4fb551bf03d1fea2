package atenet.redolog.repl;

import atenet.redolog.entry.AccessKeyIssued;
import atenet.redolog.entry.LogEntry;
import atenet.redolog.entry.LogEntryCodec;
import atenet.redolog.entry.NetworkCreated;
import atenet.redolog.entry.NetworkId;
import atenet.redolog.keys.Ed25519KeyPair;
import atenet.redolog.TestDirs;
import atenet.redolog.store.Chain;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Layer: replication. Real Ratis servers (gRPC on loopback) in this JVM, each member on its own data directory with
 * a real Chronicle Queue chain: one member alone, three members with one stopped and caught up, racing authors,
 * hostile submissions.
 */
class ChainReplicaTest {
    @TempDir
    Path dir;
    final Ed25519KeyPair operator = Ed25519KeyPair.generate();
    final byte[] net = NetworkId.random().bytes();
    final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() {
        for (int i = open.size() - 1; i >= 0; i--) {
            try {
                open.get(i).close();
            } catch (Exception ignored) {
                // next
            }
        }
    }

    /** A genesis chain copied into {@code n} member directories (as if every member had verified it). */
    List<Path> members(int n) throws IOException {
        Path first = dir.resolve("m0");
        Chain.create(first, operator, "test").close();
        List<Path> out = new ArrayList<>(List.of(first));
        for (int i = 1; i < n; i++) {
            Path d = dir.resolve("m" + i);
            TestDirs.copy(first, d);
            out.add(d);
        }
        return out;
    }

    static List<RaftMember> group(int n) throws IOException {
        List<RaftMember> g = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            g.add(new RaftMember(String.format("%016x", 0xa0 + i), "127.0.0.1:" + TestDirs.freePort()));
        }
        return g;
    }

    ChainReplica start(Path data, RaftMember self, List<RaftMember> g) throws IOException {
        ChainReplica r = ChainReplica.start(data, self, g);
        open.add(r);
        return r;
    }

    /** The author's side: sign {@code body} on the head the author's own reader of {@code data} knows. */
    byte[] signOn(Path data, atenet.redolog.entry.EntryBody body) {
        try (Chain reader = Chain.open(data)) {
            return reader.signNext(body, operator).encoded();
        }
    }

    NetworkCreated network(String name) throws Exception {
        return new NetworkCreated(NetworkId.random().bytes(), name, (Inet4Address) InetAddress.getByName("10.250.0.0"), 24, 1400);
    }

    static SubmitResult await(CompletableFuture<SubmitResult> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    static long size(Path data) {
        try (Chain c = Chain.open(data)) {
            return c.size();
        }
    }

    static String head(Path data) {
        try (Chain c = Chain.open(data)) {
            return c.headHashHex();
        }
    }

    static void eventually(String what, BooleanSupplier ok) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!ok.getAsBoolean()) {
            if (System.nanoTime() > end) {
                fail("not within 30 s: " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void oneMemberCommitsAloneAndAppendsTheEntryByteForByte() throws Exception {
        Path m = members(1).get(0);
        List<RaftMember> g = group(1);
        ChainReplica r = start(m, g.get(0), g);
        byte[] entry = signOn(m, network("office"));
        SubmitResult res = await(r.submit(entry));
        assertEquals(SubmitResult.Outcome.APPENDED, res.outcome(), res.toString());
        assertEquals(1, res.sequence());
        try (Chain c = Chain.open(m)) {
            assertEquals(2, c.size());
            assertArrayEquals(entry, c.entries().get(1).encoded(), "the Raft entry is the chain entry, byte for byte");
        }
        assertEquals("LEADER", r.role());
    }

    @Test
    void racingAuthorsOnOneHeadGetOneAppendedAndOneStale() throws Exception {
        Path m = members(1).get(0);
        List<RaftMember> g = group(1);
        ChainReplica r = start(m, g.get(0), g);
        byte[] a = signOn(m, network("alpha"));
        byte[] b = signOn(m, network("beta"));           // signed on the same head as a
        SubmitResult ra = await(r.submit(a));
        SubmitResult rb = await(r.submit(b));
        assertEquals(SubmitResult.Outcome.APPENDED, ra.outcome());
        assertEquals(SubmitResult.Outcome.STALE, rb.outcome(), rb.toString());
        assertEquals(1, rb.sequence(), "a stale answer names the head to catch up to");
        byte[] again = signOn(m, network("beta"));       // the author re-reads the head and signs again
        assertEquals(SubmitResult.Outcome.APPENDED, await(r.submit(again)).outcome());
        assertEquals(3, size(m));
    }

    @Test
    void hostileSubmissionsAreRefusedWithAReasonAndChangeNothing() throws Exception {
        Path m = members(1).get(0);
        List<RaftMember> g = group(1);
        ChainReplica r = start(m, g.get(0), g);
        String before = head(m);

        SubmitResult garbage = await(r.submit(new byte[]{1, 2, 3}));
        assertEquals(SubmitResult.Outcome.REFUSED, garbage.outcome());
        assertTrue(garbage.reason().contains("malformed"), garbage.reason());

        byte[] forged = signOn(m, network("forged")).clone();
        forged[forged.length - 1] ^= 1;                  // signature bit flipped
        SubmitResult bad = await(r.submit(forged));
        assertEquals(SubmitResult.Outcome.REFUSED, bad.outcome());
        assertTrue(bad.reason().contains("bad signature"), bad.reason());

        Ed25519KeyPair stranger = Ed25519KeyPair.generate();
        byte[] byStranger;
        try (Chain reader = Chain.open(m)) {
            LogEntry e = LogEntryCodec.sign(reader.size(), System.currentTimeMillis(), reader.state().lastHash(),
                    network("stranger"), stranger);
            byStranger = e.encoded();
        }
        SubmitResult unauth = await(r.submit(byStranger));
        assertEquals(SubmitResult.Outcome.REFUSED, unauth.outcome());
        assertTrue(unauth.reason().contains("refused"), unauth.reason());

        assertEquals(before, head(m), "nothing was appended");
        assertEquals(SubmitResult.Outcome.APPENDED, await(r.submit(signOn(m, network("fine")))).outcome(),
                "the member still works after hostile input");
    }

    @Test
    void threeMembersReplicateKeepCommittingWithOneDownAndTheStoppedOneCatchesUp() throws Exception {
        List<Path> dirs = members(3);
        List<RaftMember> g = group(3);
        List<ChainReplica> rs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            rs.add(start(dirs.get(i), g.get(i), g));
        }
        // submitted through member 1 (whichever the leader is)
        assertEquals(SubmitResult.Outcome.APPENDED, await(rs.get(1).submit(signOn(dirs.get(1), network("one")))).outcome());
        for (Path d : dirs) {
            eventually("every member applied entry 1", () -> size(d) == 2);
        }
        // member 2 stops; two of three still commit
        rs.get(2).close();
        open.remove(rs.get(2));
        for (int i = 0; i < 5; i++) {
            SubmitResult res = await(rs.get(0).submit(signOn(dirs.get(0), network("more-" + i))));
            assertEquals(SubmitResult.Outcome.APPENDED, res.outcome(), res.toString());
            long expected = 3 + i;                        // the author signs on m0's copy: wait until it applied this one
            eventually("m0 applied entry " + (expected - 1), () -> size(dirs.get(0)) == expected);
        }
        assertEquals(7, size(dirs.get(0)));
        assertEquals(2, size(dirs.get(2)), "the stopped member has not seen them");
        // it comes back on the same directory and catches up to the same head
        start(dirs.get(2), g.get(2), g);
        eventually("the restarted member caught up", () -> size(dirs.get(2)) == 7);
        assertEquals(head(dirs.get(0)), head(dirs.get(2)));
        assertEquals(head(dirs.get(0)), head(dirs.get(1)));
    }

    @Test
    void aRestartedMemberReplaysNothingTwice() throws Exception {
        Path m = members(1).get(0);
        List<RaftMember> g = group(1);
        ChainReplica r = start(m, g.get(0), g);
        for (int i = 0; i < 3; i++) {
            assertTrue(await(r.submit(signOn(m, network("n" + i)))).appended());
        }
        r.close();
        open.remove(r);
        ChainReplica again = start(m, g.get(0), g);
        eventually("leader again", () -> "LEADER".equals(again.role()));
        assertTrue(await(again.submit(signOn(m, network("after")))).appended());
        assertEquals(5, size(m), "genesis, three entries, one after the restart: none applied twice");
    }

    @Test
    void aKeyIssuedThroughOneMemberIsInEveryCopy() throws Exception {
        List<Path> dirs = members(3);
        List<RaftMember> g = group(3);
        List<ChainReplica> rs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            rs.add(start(dirs.get(i), g.get(i), g));
        }
        NetworkCreated n = network("office");
        assertTrue(await(rs.get(2).submit(signOn(dirs.get(2), n))).appended());
        eventually("replicated", () -> size(dirs.get(0)) == 2);
        byte[] key = new byte[32];
        key[0] = 7;
        assertTrue(await(rs.get(0).submit(signOn(dirs.get(0), new AccessKeyIssued(n.networkId(), key, "alice", 0)))).appended());
        for (Path d : dirs) {
            eventually("key in " + d, () -> {
                try (Chain c = Chain.open(d)) {
                    return c.state().accessKeys().size() == 1;
                }
            });
        }
        assertTrue(Files.isRegularFile(dirs.get(1).resolve("chain.head")), "the head file moves with applied entries");
    }
}
