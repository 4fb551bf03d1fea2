package atenet.redolog.ops;

import atenet.redolog.chain.ChainRuleException;
import atenet.redolog.keys.KeyFiles;
import atenet.redolog.keys.NodeKeys;
import atenet.redolog.state.AccessKeyRecord;
import atenet.redolog.store.Chain;
import atenet.wire.crypto.X25519Keys;
import atenet.wire.token.AccessToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.*;

/** Layer: operations shared by tok and the node, on real chains in a temp dir. */
class OpsTest {
    @TempDir
    Path dir;

    @Test
    void bootstrapCreatesKeyGenesisAndNetwork() throws Exception {
        try (Chain c = ChainBootstrap.init(dir, "default", "10.250.0.0/24")) {
            assertEquals(1, c.state().lastSequence());
            assertEquals("10.250.0.1", c.state().networkByName("default").orElseThrow().gateway().getHostAddress());
            assertEquals(KeyFiles.operatorKey(dir).keyId(), c.state().operatorKeyId());
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("operator.key"))));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ChainBootstrap.init(dir, "default", "10.250.0.0/24"));
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ChainBootstrap.init(dir.resolve("x"), "Bad!", "10.250.0.0/24"));
        assertThrows(IllegalArgumentException.class, () -> ChainBootstrap.init(dir.resolve("y"), "ok", "10.250.0.1/24"));
        assertFalse(Files.exists(dir.resolve("x")));
    }

    @Test
    void issueBuildsTokenWithNodesAndOnlyPublicKeyOnChain() throws Exception {
        try (Chain c = ChainBootstrap.init(dir, "default", "10.250.0.0/24")) {
            var op = KeyFiles.operatorKey(dir);
            NodeKeys nk = KeyFiles.readOrCreateNodeKeys(dir);
            NodeEnrollment.ensureEnrolled(c, op, nk, "node-1");
            NodeEnrollment.ensureEnrolled(c, op, nk, "node-1");
            byte[] net = c.state().networkByName("default").orElseThrow().id();
            InetSocketAddress ep = new InetSocketAddress(InetAddress.getByName("192.0.2.5"), 4790);
            assertTrue(NodeEnrollment.ensureJoined(c, nk, net, ep));
            assertFalse(NodeEnrollment.ensureJoined(c, nk, net, ep));
            long exp = System.currentTimeMillis() + Duration.ofDays(30).toMillis();
            IssuedKey k = KeyIssuer.issue(c, op, "default", "alice", exp, false);
            AccessToken t = AccessToken.decode(k.token());
            assertArrayEquals(c.chainId(), t.chainId());
            assertArrayEquals(net, t.networkId());
            assertEquals("default", t.networkName());
            assertEquals(24, t.subnetPrefix());
            assertEquals(exp, t.expiresAtMillis());
            // v2: the token pins the chain (id + operator key); node addresses are hints only, no node keys
            assertArrayEquals(op.publicKey(), t.operatorKey());
            assertArrayEquals(c.state().operatorKey(), t.operatorKey());
            assertEquals(java.util.List.of(ep), t.hints());
            assertTrue(k.token().startsWith(AccessToken.PREFIX), k.token());
            assertFalse(contains(tokenBytes(k.token()), nk.x25519Public()), "the node's X25519 key is not in the token");
            assertFalse(contains(tokenBytes(k.token()), nk.signing().publicKey()), "the node's Ed25519 key is not in the token");
            AccessKeyRecord r = k.record();
            assertArrayEquals(X25519Keys.publicOf(t.privateKey()), r.publicKey());
            assertEquals(t.keyId(), r.keyId());
            assertTrue(r.isValidAt(System.currentTimeMillis()));
            assertFalse(r.isValidAt(exp));
            assertEquals("expired", r.stateAt(exp + 1));
            ChainRuleException e = assertThrows(ChainRuleException.class, () -> KeyIssuer.issue(c, op, "nope", "", 0, false));
            assertTrue(e.getMessage().contains("unknown network 'nope' (known: default)"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> KeyIssuer.issue(c, op, "default", "", 1, false));
        }
        // the private key is nowhere in the data dir: only operator.key and node.key are secrets there
        assertEquals(KeyFiles.readOrCreateNodeKeys(dir).nodeId(), KeyFiles.readOrCreateNodeKeys(dir).nodeId());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("node.key"))));
    }

    @Test
    void tokenHintsAreTheEndpointsOfEveryMemberAndNoNodeKeys() throws Exception {
        try (Chain c = ChainBootstrap.init(dir, "default", "10.250.0.0/24")) {
            var op = KeyFiles.operatorKey(dir);
            byte[] net = c.state().networkByName("default").orElseThrow().id();
            IssuedKey before = KeyIssuer.issue(c, op, "default", "early", 0, false);
            AccessToken t0 = AccessToken.decode(before.token());
            assertEquals(java.util.List.of(), t0.hints(), "issued before any node joined: no hints, still a valid token");
            assertArrayEquals(c.chainId(), t0.chainId());
            assertArrayEquals(op.publicKey(), t0.operatorKey());

            NodeKeys a = KeyFiles.readOrCreateNodeKeys(dir);
            NodeKeys b = KeyFiles.readOrCreateNodeKeys(dir.resolve("second"));
            NodeEnrollment.ensureEnrolled(c, op, a, "node-a");
            NodeEnrollment.ensureEnrolled(c, op, b, "node-b");
            InetSocketAddress epA = new InetSocketAddress(InetAddress.getByName("192.0.2.5"), 4790);
            InetSocketAddress epB = new InetSocketAddress(InetAddress.getByName("2001:db8::7"), 4791);
            assertTrue(NodeEnrollment.ensureJoined(c, a, net, epA));
            assertTrue(NodeEnrollment.ensureJoined(c, b, net, epB));
            IssuedKey k = KeyIssuer.issue(c, op, "default", "bob", 0, false);
            AccessToken t = AccessToken.decode(k.token());
            assertArrayEquals(c.chainId(), t.chainId());
            assertArrayEquals(c.state().operatorKey(), t.operatorKey());
            assertEquals(java.util.Set.of(epA, epB), java.util.Set.copyOf(t.hints()));
            assertEquals(2, t.hints().size());
            byte[] raw = tokenBytes(k.token());
            for (NodeKeys n : new NodeKeys[]{a, b}) {
                assertFalse(contains(raw, n.x25519Public()), "no node X25519 key in a v2 token");
                assertFalse(contains(raw, n.signing().publicKey()), "no node Ed25519 key in a v2 token");
            }
        }
    }

    private static byte[] tokenBytes(String token) {
        return java.util.Base64.getUrlDecoder().decode(token.substring(AccessToken.PREFIX.length()));
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Test
    void missingOperatorKeyMessage() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> KeyFiles.operatorKey(dir));
        assertEquals("no operator key in " + dir.resolve("operator.key")
                + ": this data directory was not made with `tok init` or the key was moved", e.getMessage());
    }

    @Test
    void durations() {
        assertEquals(Duration.ofDays(30), Durations.parse("30d"));
        assertEquals(Duration.ofHours(12), Durations.parse("12h"));
        assertEquals(Duration.ofMinutes(90), Durations.parse("90m"));
        assertEquals(Duration.ofSeconds(3600), Durations.parse("3600s"));
        for (String bad : new String[]{"", "30", "d", "1y", "-1d", "0d", "1.5h", null}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(bad));
            assertTrue(e.getMessage().startsWith("bad duration"), e.getMessage());
        }
    }

    @Test
    void cidr() {
        assertEquals("10.250.0.0/24", Cidr.parse("10.250.0.0/24").toString());
        for (String bad : new String[]{"10.250.0.0", "10.250.0.0/33", "300.1.1.1/24", "10.250.0.1/24", "10.0.0.0/31", "x/24"}) {
            assertThrows(IllegalArgumentException.class, () -> Cidr.parse(bad), bad);
        }
    }
}
