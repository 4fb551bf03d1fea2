package atenet.redolog.store;

import atenet.redolog.chain.AuthorityException;
import atenet.redolog.chain.ChainMissingException;
import atenet.redolog.chain.ChainRuleException;
import atenet.redolog.chain.ChainVerificationException;
import atenet.redolog.entry.AccessKeyIssued;
import atenet.redolog.entry.AccessKeyRevoked;
import atenet.redolog.entry.EntryType;
import atenet.redolog.entry.Genesis;
import atenet.redolog.entry.LogEntry;
import atenet.redolog.entry.LogEntryCodec;
import atenet.redolog.entry.NetworkCreated;
import atenet.redolog.entry.NetworkId;
import atenet.redolog.entry.NodeEnrolled;
import atenet.redolog.entry.NodeJoined;
import atenet.redolog.entry.NodeLeft;
import atenet.redolog.keys.Ed25519KeyPair;
import atenet.redolog.state.AccessKeyRecord;
import atenet.redolog.state.ChainState;
import atenet.redolog.state.Membership;
import atenet.redolog.state.NetworkRecord;
import atenet.wire.crypto.KeyId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Layer: storage + verification + folding, on real Chronicle files in a temp dir. */
class ChainTest {
    @TempDir
    Path dir;
    Ed25519KeyPair operator;
    Ed25519KeyPair nodeA;
    Ed25519KeyPair nodeB;
    byte[] net;

    @BeforeEach
    void keys() {
        operator = Ed25519KeyPair.generate();
        nodeA = Ed25519KeyPair.generate();
        nodeB = Ed25519KeyPair.generate();
        net = NetworkId.random().bytes();
    }

    static Inet4Address ip(String s) throws Exception {
        return (Inet4Address) InetAddress.getByName(s);
    }

    /** genesis, network, 2 nodes, join, key issued, key revoked, join again, left = 9 entries. */
    Chain populated(Path d) throws Exception {
        Chain c = Chain.create(d, operator, "test");
        c.append(new NetworkCreated(net, "office", ip("10.250.0.0"), 24, 1400), operator);
        c.append(new NodeEnrolled(nodeA.publicKey(), new byte[32], "a"), operator);
        c.append(new NodeEnrolled(nodeB.publicKey(), new byte[32], "b"), operator);
        c.append(new NodeJoined(nodeA.keyId(), net, new InetSocketAddress(ip("192.0.2.1"), 4789)), nodeA);
        c.append(new AccessKeyIssued(net, Ed25519KeyPair.generate().publicKey(), "k1", 0), operator);
        c.append(new AccessKeyRevoked(c.state().accessKeys().get(0).keyId()), operator);
        c.append(new NodeJoined(nodeB.keyId(), net, new InetSocketAddress(ip("192.0.2.2"), 4789)), nodeB);
        c.append(new NodeLeft(nodeB.keyId(), net), nodeB);
        return c;
    }

    @Test
    void createOpenAndFold() throws Exception {
        byte[] chainId;
        try (Chain c = populated(dir)) {
            chainId = c.chainId();
            assertEquals(8, c.state().lastSequence());
            assertEquals(9, c.size());
        }
        assertTrue(Chain.exists(dir));
        try (Chain c = Chain.open(dir)) {
            ChainState s = c.state();
            assertArrayEquals(chainId, c.chainId());
            assertEquals(operator.keyId(), s.operatorKeyId());
            assertEquals(8, s.lastSequence());
            NetworkRecord n = s.networkByName("office").orElseThrow();
            assertEquals("10.250.0.1", n.gateway().getHostAddress());
            assertEquals(NetworkId.of(net).hi(), n.idHi());
            assertEquals(NetworkId.of(net).lo(), n.idLo());
            assertEquals(n, s.networkById(NetworkId.of(net)).orElseThrow());
            assertEquals(2, s.nodes().size());
            List<Membership> members = s.membersOf(net);
            assertEquals(1, members.size());
            assertEquals(nodeA.keyId(), members.get(0).nodeId());
            AccessKeyRecord k = s.accessKeys().get(0);
            assertTrue(k.revoked());
            assertFalse(k.isValidAt(System.currentTimeMillis()));
            List<LogEntry> all = c.entries();
            assertEquals(9, all.size());
            assertEquals(EntryType.GENESIS, all.get(0).type());
            assertArrayEquals(chainId, all.get(0).hash());
        }
    }

    @Test
    void replayGivesSameState() throws Exception {
        String before;
        try (Chain c = populated(dir)) {
            before = describe(c.state());
        }
        try (Chain c = Chain.open(dir)) {
            assertEquals(before, describe(c.state()));
        }
    }

    static String describe(ChainState s) {
        StringBuilder b = new StringBuilder();
        b.append(KeyId.hex(s.operatorKeyId())).append(s.lastSequence()).append(Arrays.toString(s.chainId()));
        s.networks().forEach(n -> b.append(n.idHex()).append(n.name()).append(n.cidr()).append(n.mtu()));
        s.nodes().forEach(n -> b.append(n.idHex()).append(n.name()));
        s.networks().forEach(n -> s.membersOf(n.id()).forEach(m -> b.append(m.nodeId()).append(m.endpoint())));
        s.accessKeys().forEach(k -> b.append(k.idHex()).append(k.label()).append(k.revoked()).append(k.issuedAt()).append(k.revokedAt()));
        return b.toString();
    }

    @Test
    void endpointReplacedByLaterJoin() throws Exception {
        try (Chain c = populated(dir)) {
            c.append(new NodeJoined(nodeA.keyId(), net, new InetSocketAddress(ip("192.0.2.9"), 5000)), nodeA);
            List<Membership> m = c.state().membersOf(net);
            assertEquals(1, m.size());
            assertEquals(new InetSocketAddress(ip("192.0.2.9"), 5000), m.get(0).endpoint());
        }
    }

    @Test
    void authorityRules() throws Exception {
        try (Chain c = populated(dir)) {
            long before = c.size();
            AuthorityException e = assertThrows(AuthorityException.class,
                    () -> c.append(new NetworkCreated(NetworkId.random().bytes(), "evil", ip("10.1.0.0"), 24, 1400), nodeA));
            assertTrue(e.getMessage().contains("may not write NETWORK_CREATED"), e.getMessage());
            e = assertThrows(AuthorityException.class,
                    () -> c.append(new NodeJoined(nodeB.keyId(), net, new InetSocketAddress(ip("192.0.2.3"), 1)), nodeA));
            assertTrue(e.getMessage().contains("only its own membership"), e.getMessage());
            e = assertThrows(AuthorityException.class, () -> c.append(new AccessKeyRevoked(1), Ed25519KeyPair.generate()));
            assertTrue(e.getMessage().contains("neither the operator key nor an enrolled node"), e.getMessage());
            assertThrows(AuthorityException.class, () -> c.append(new Genesis(operator.publicKey(), "again"), operator));
            // operator may write membership for a node
            c.append(new NodeJoined(nodeB.keyId(), net, new InetSocketAddress(ip("192.0.2.3"), 1)), operator);
            assertEquals(before + 1, c.size());
        }
        try (Chain c = Chain.open(dir)) {
            assertEquals(10, c.size());
        }
    }

    @Test
    void semanticRules() throws Exception {
        try (Chain c = populated(dir)) {
            assertRule(c, new NetworkCreated(NetworkId.random().bytes(), "office", ip("10.2.0.0"), 24, 1400), "already used");
            assertRule(c, new NodeJoined(Ed25519KeyPair.generate().keyId(), net, new InetSocketAddress(ip("192.0.2.3"), 1)), "not enrolled");
            assertRule(c, new NodeJoined(nodeA.keyId(), NetworkId.random().bytes(), new InetSocketAddress(ip("192.0.2.3"), 1)), "unknown network");
            byte[] pub = c.state().accessKeys().get(0).publicKey();
            assertRule(c, new AccessKeyIssued(net, pub, "again", 0), "already issued");
            assertRule(c, new AccessKeyRevoked(12345), "unknown access key");
            assertRule(c, new AccessKeyRevoked(c.state().accessKeys().get(0).keyId()), "already revoked");
            assertRule(c, new NodeEnrolled(nodeA.publicKey(), new byte[32], "dup"), "already enrolled");
            assertRule(c, new NodeLeft(nodeB.keyId(), net), "not a member");
            assertEquals(9, c.size());
        }
    }

    void assertRule(Chain c, atenet.redolog.entry.EntryBody body, String text) {
        ChainRuleException e = assertThrows(ChainRuleException.class, () -> c.append(body, operator));
        assertTrue(e.getMessage().contains(text), e.getMessage());
    }

    @Test
    void createRefusesExistingAndOpenRefusesMissing() throws Exception {
        ChainMissingException m = assertThrows(ChainMissingException.class, () -> Chain.open(dir.resolve("none")));
        assertTrue(m.getMessage().contains("no chain in"), m.getMessage());
        assertFalse(Chain.exists(dir));
        try (Chain c = Chain.create(dir, operator, "x")) {
            assertEquals(0, c.state().lastSequence());
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Chain.create(dir, operator, "x"));
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
    }

    @Test
    void flippedByteIsNamed() throws Exception {
        LogEntry third;
        try (Chain c = populated(dir)) {
            third = c.entries().get(3);
        }
        // flip a byte of entry 3's body (the node name)
        QueueFiles.flipInFile(dir, third.encoded(), third.encoded().length - 65);
        ChainVerificationException e = assertThrows(ChainVerificationException.class, () -> Chain.open(dir));
        assertTrue(e.getMessage().matches("chain entry 3 \\(index 0x[0-9a-f]+\\): bad signature"), e.getMessage());
        assertEquals(3, e.entry());
    }

    @Test
    void flippedSignatureAndHeaderBytesAreNamed() throws Exception {
        List<byte[]> raw;
        try (Chain c = populated(dir)) {
            raw = QueueFiles.readRaw(dir);
        }
        for (int offset : new int[]{LogEntryCodec.OFFSET_TIME + 7, LogEntryCodec.OFFSET_AUTHOR + 7, raw.get(5).length - 1,
                LogEntryCodec.OFFSET_PREV_HASH}) {
            Path d = dir.resolve("copy" + offset);
            List<byte[]> copy = new ArrayList<>(raw);
            byte[] bad = raw.get(5).clone();
            bad[offset] ^= 0x40;
            copy.set(5, bad);
            QueueFiles.appendRaw(d, copy);
            ChainVerificationException e = assertThrows(ChainVerificationException.class, () -> Chain.open(d));
            assertTrue(e.getMessage().startsWith("chain entry 5 (index 0x"), e.getMessage());
        }
    }

    @Test
    void alteredEntryBreaksNextLink() throws Exception {
        // an attacker re-signs entry 2 with the operator's key: its own signature is fine, but entry 3's link breaks
        List<byte[]> raw;
        try (Chain c = populated(dir)) {
            raw = QueueFiles.readRaw(dir);
        }
        LogEntry e2 = LogEntryCodec.decode(raw.get(2));
        LogEntry forged = LogEntryCodec.sign(2, e2.timeMillis() + 1, e2.prevHash(), e2.body(), operator);
        List<byte[]> copy = new ArrayList<>(raw);
        copy.set(2, forged.encoded());
        Path d = dir.resolve("forged");
        QueueFiles.appendRaw(d, copy);
        ChainVerificationException e = assertThrows(ChainVerificationException.class, () -> Chain.open(d));
        assertTrue(e.getMessage().startsWith("chain entry 3 (index 0x") && e.getMessage().contains("hash link broken"), e.getMessage());
    }

    @Test
    void reorderedPairIsNamed() throws Exception {
        List<byte[]> raw;
        try (Chain c = populated(dir)) {
            raw = QueueFiles.readRaw(dir);
        }
        List<byte[]> copy = new ArrayList<>(raw);
        copy.set(4, raw.get(5));
        copy.set(5, raw.get(4));
        Path d = dir.resolve("reordered");
        QueueFiles.appendRaw(d, copy);
        ChainVerificationException e = assertThrows(ChainVerificationException.class, () -> Chain.open(d));
        assertTrue(e.getMessage().startsWith("chain entry 4 (index 0x") && e.getMessage().contains("sequence number 5, expected 4"),
                e.getMessage());
    }

    @Test
    void wrongSignatureIsNamed() throws Exception {
        List<byte[]> raw;
        try (Chain c = populated(dir)) {
            raw = QueueFiles.readRaw(dir);
        }
        // entry 9 claims to be from the operator but is signed by another key
        LogEntry last = LogEntryCodec.decode(raw.get(8));
        byte[] signed = LogEntryCodec.encodeSigned(9, 1, last.hash(), operator.keyId(), new AccessKeyRevoked(1));
        byte[] sig = Ed25519KeyPair.generate().sign(signed);
        byte[] entry = Arrays.copyOf(signed, signed.length + 64);
        System.arraycopy(sig, 0, entry, signed.length, 64);
        QueueFiles.appendRaw(dir, List.of(entry));
        ChainVerificationException e = assertThrows(ChainVerificationException.class, () -> Chain.open(dir));
        assertTrue(e.getMessage().matches("chain entry 9 \\(index 0x[0-9a-f]+\\): bad signature"), e.getMessage());
    }

    @Test
    void unauthorisedStoredEntryIsRefusedOnReplay() throws Exception {
        List<byte[]> raw;
        try (Chain c = populated(dir)) {
            raw = QueueFiles.readRaw(dir);
        }
        LogEntry last = LogEntryCodec.decode(raw.get(8));
        LogEntry evil = LogEntryCodec.sign(9, 1, last.hash(),
                new NetworkCreated(NetworkId.random().bytes(), "evil", ip("10.9.0.0"), 24, 1400), nodeA);
        QueueFiles.appendRaw(dir, List.of(evil.encoded()));
        ChainVerificationException e = assertThrows(ChainVerificationException.class, () -> Chain.open(dir));
        assertTrue(e.getMessage().startsWith("chain entry 9 (index 0x") && e.getMessage().contains("refused: node"), e.getMessage());
    }

    @Test
    void truncatedTailIsDetectedViaHead() throws Exception {
        List<byte[]> raw;
        try (Chain c = populated(dir)) {
            raw = QueueFiles.readRaw(dir);
        }
        Path d = dir.resolve("truncated");
        QueueFiles.appendRaw(d, raw.subList(0, 7));
        Files.copy(dir.resolve("chain.head"), d.resolve("chain.head"));
        ChainVerificationException e = assertThrows(ChainVerificationException.class, () -> Chain.open(d));
        assertTrue(e.getMessage().startsWith("chain entry 7 is missing") && e.getMessage().contains("reaches entry 8"), e.getMessage());
        // without the head file, the prefix is a valid chain
        Files.delete(d.resolve("chain.head"));
        try (Chain c = Chain.open(d)) {
            assertEquals(7, c.size());
        }
    }

    @Test
    void rewrittenHeadEntryIsDetected() throws Exception {
        List<byte[]> raw;
        try (Chain c = populated(dir)) {
            raw = QueueFiles.readRaw(dir);
        }
        LogEntry e8 = LogEntryCodec.decode(raw.get(8));
        LogEntry forged = LogEntryCodec.sign(8, e8.timeMillis() + 1, e8.prevHash(), e8.body(), operator);
        List<byte[]> copy = new ArrayList<>(raw.subList(0, 8));
        copy.add(forged.encoded());
        Path d = dir.resolve("rewritten");
        QueueFiles.appendRaw(d, copy);
        Files.copy(dir.resolve("chain.head"), d.resolve("chain.head"));
        ChainVerificationException e = assertThrows(ChainVerificationException.class, () -> Chain.open(d));
        assertTrue(e.getMessage().startsWith("chain entry 8: hash"), e.getMessage());
    }

    @Test
    void pollSeesEntriesOfAnotherInstance() throws Exception {
        try (Chain a = populated(dir); Chain b = Chain.open(dir)) {
            assertTrue(b.poll().isEmpty());
            a.append(new AccessKeyIssued(net, Ed25519KeyPair.generate().publicKey(), "from-a", 0), operator);
            List<LogEntry> seen = b.poll();
            assertEquals(1, seen.size());
            assertEquals(9, seen.get(0).sequence());
            assertEquals(2, b.state().accessKeys().size());
            // b appends: it must not fork, and a catches up on its next append (returned by a.poll())
            b.append(new NodeJoined(nodeB.keyId(), net, new InetSocketAddress(ip("192.0.2.2"), 1)), nodeB);
            a.append(new NodeLeft(nodeA.keyId(), net), nodeA);
            List<LogEntry> polledByA = a.poll();
            assertEquals(1, polledByA.size());
            assertEquals(EntryType.NODE_JOINED, polledByA.get(0).type());
            assertEquals(1, b.poll().size());
            assertEquals(describe(a.state()), describe(b.state()));
            assertEquals(12, a.size());
        }
        try (Chain c = Chain.open(dir)) {
            assertEquals(12, c.size());
        }
    }

    @Test
    void pollReportsABadEntryAndStaysBroken() throws Exception {
        try (Chain a = populated(dir)) {
            LogEntry evil = LogEntryCodec.sign(9, 1, a.state().lastHash(), new AccessKeyRevoked(1), Ed25519KeyPair.generate());
            QueueFiles.appendRaw(dir, List.of(evil.encoded()));
            ChainVerificationException e = assertThrows(ChainVerificationException.class, a::poll);
            assertTrue(e.getMessage().startsWith("chain entry 9 (index 0x"), e.getMessage());
            assertThrows(ChainVerificationException.class, a::poll);
            assertThrows(ChainVerificationException.class, () -> a.append(new AccessKeyRevoked(1), operator));
        }
    }
}
