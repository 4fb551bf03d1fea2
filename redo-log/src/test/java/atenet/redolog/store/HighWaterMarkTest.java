package atenet.redolog.store;

import atenet.redolog.chain.ChainVerificationException;
import atenet.redolog.entry.AccessKeyIssued;
import atenet.redolog.entry.NetworkCreated;
import atenet.redolog.entry.NetworkId;
import atenet.redolog.keys.Ed25519KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Layer: storage, on real Chronicle files in temp dirs. A node's high-water mark (outside the data directory)
 * catches a data directory restored from an older copy, chain.head included.
 */
class HighWaterMarkTest {
    @TempDir
    Path tmp;
    final Ed25519KeyPair operator = Ed25519KeyPair.generate();
    final byte[] net = NetworkId.random().bytes();

    Path data() {
        return tmp.resolve("data");
    }

    HighWaterMark mark() {
        return new HighWaterMark(tmp.resolve("state"));
    }

    void issueKey(Chain c) {
        c.append(new AccessKeyIssued(net, Ed25519KeyPair.generate().publicKey(), "k", 0), operator);
    }

    /** genesis + network (2 entries), guarded, closed. */
    byte[] newGuardedChain() throws Exception {
        try (Chain c = Chain.create(data(), operator, "test")) {
            c.append(new NetworkCreated(net, "office", (Inet4Address) InetAddress.getByName("10.250.0.0"), 24, 1400), operator);
            c.guardRollback(mark());
            return c.chainId();
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    void restore(Path backup) throws IOException {
        deleteTree(data());
        copyTree(backup, data());
    }

    @Test
    void aRestoredOlderCopyIsRefusedNamingBothSequences() throws Exception {
        byte[] chainId = newGuardedChain();
        Path backup = tmp.resolve("backup");
        copyTree(data(), backup);
        try (Chain c = Chain.open(data())) {
            c.guardRollback(mark());
            issueKey(c);
            issueKey(c);
        }
        assertEquals("3", Files.readString(mark().file(chainId)).split(" ")[0]);
        restore(backup);                                   // queue and chain.head from before: consistent with each other
        try (Chain c = Chain.open(data())) {               // verifies on its own...
            assertEquals(2, c.size());
            ChainVerificationException e = assertThrows(ChainVerificationException.class, () -> c.guardRollback(mark()));
            assertTrue(e.getMessage().startsWith("the chain ends at entry 1, but this node verified entry 3 (hash "), e.getMessage());
            assertTrue(e.getMessage().contains("rolled back"), e.getMessage());
            assertThrows(ChainVerificationException.class, c::poll, "the chain stays broken");
        }
    }

    @Test
    void aChainDivergingAtTheRecordedEntryIsRefused() throws Exception {
        newGuardedChain();
        Path backup = tmp.resolve("backup");
        copyTree(data(), backup);
        try (Chain c = Chain.open(data())) {
            c.guardRollback(mark());
            issueKey(c);                                   // entry 2, seen by the node
        }
        restore(backup);
        try (Chain c = Chain.open(data())) {
            issueKey(c);                                   // another entry 2, written without the node
        }
        try (Chain c = Chain.open(data())) {
            ChainVerificationException e = assertThrows(ChainVerificationException.class, () -> c.guardRollback(mark()));
            assertTrue(e.getMessage().startsWith("chain entry 2: hash "), e.getMessage());
            assertTrue(e.getMessage().contains("differs from the entry this node verified before")
                    && e.getMessage().contains("diverging"), e.getMessage());
        }
    }

    @Test
    void aLongerChainWithTheSameHistoryIsAccepted() throws Exception {
        newGuardedChain();
        try (Chain c = Chain.open(data())) {
            issueKey(c);                                   // tok appends while the node is stopped
        }
        try (Chain c = Chain.open(data())) {
            c.guardRollback(mark());
            assertEquals(3, c.size());
        }
    }

    @Test
    void writesAtMostOncePerSecondAndOnClose() throws Exception {
        AtomicLong now = new AtomicLong(1_000_000_000L);
        HighWaterMark m = new HighWaterMark(tmp.resolve("state"), now::get);
        byte[] chainId = new byte[32];
        m.load(chainId);
        Path f = m.file(chainId);
        m.advance(0, new byte[32]);
        assertTrue(Files.readString(f).startsWith("0 "));
        now.addAndGet(100_000_000L);
        m.advance(1, new byte[32]);
        assertTrue(Files.readString(f).startsWith("0 "), "not within a second");
        now.addAndGet(900_000_000L);
        m.advance(1, new byte[32]);
        assertTrue(Files.readString(f).startsWith("1 "));
        m.advance(2, new byte[32]);
        m.flush();
        assertTrue(Files.readString(f).startsWith("2 "), "close writes what is pending");
    }

    @Test
    void stateDirectoryFromTheEnvironment() throws Exception {
        assertEquals(Path.of("/tmp/x"), HighWaterMark.defaultDir(Map.of("ATENET_STATE_DIR", "/tmp/x")));
        Path system = tmp.resolve("var-lib");
        assertEquals(system, HighWaterMark.defaultDir(Map.of(), system), "the system directory when it is writable");
        Path blocked = tmp.resolve("file");
        Files.writeString(blocked, "");                    // a file: no directory can be made under it
        assertEquals(Path.of("/tmp/xdg/atenet/highwater"),
                HighWaterMark.defaultDir(Map.of("XDG_STATE_HOME", "/tmp/xdg"), blocked.resolve("highwater")));
        assertEquals(Path.of(System.getProperty("user.home"), ".local/state/atenet/highwater"),
                HighWaterMark.defaultDir(Map.of(), blocked.resolve("highwater")));
    }
}
