package atenet.redolog.store;

import atenet.redolog.chain.AuthorityException;
import atenet.redolog.chain.ChainRuleException;
import atenet.redolog.entry.EntryBody;
import atenet.redolog.entry.EntryType;
import atenet.redolog.entry.NetworkCreated;
import atenet.redolog.entry.NetworkId;
import atenet.redolog.entry.NodeEnrolled;
import atenet.redolog.entry.NodeJoined;
import atenet.redolog.entry.NodeLeft;
import atenet.redolog.entry.NodeRemoved;
import atenet.redolog.keys.Ed25519KeyPair;
import atenet.redolog.state.NodeRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** Layer: storage + verification + folding of NODE_REMOVED, on real Chronicle files in a temp dir. */
class NodeRemovalTest {
    @TempDir
    Path dir;
    final Ed25519KeyPair operator = Ed25519KeyPair.generate();
    final Ed25519KeyPair nodeA = Ed25519KeyPair.generate();
    final Ed25519KeyPair nodeB = Ed25519KeyPair.generate();
    final byte[] net = NetworkId.random().bytes();

    Chain twoNodesJoined() throws Exception {
        Chain c = Chain.create(dir, operator, "test");
        c.append(new NetworkCreated(net, "office", (Inet4Address) InetAddress.getByName("10.250.0.0"), 24, 1400), operator);
        c.append(new NodeEnrolled(nodeA.publicKey(), new byte[32], "a"), operator);
        c.append(new NodeEnrolled(nodeB.publicKey(), new byte[32], "b"), operator);
        c.append(new NodeJoined(nodeA.keyId(), net, endpoint(1)), nodeA);
        c.append(new NodeJoined(nodeB.keyId(), net, endpoint(2)), nodeB);
        return c;
    }

    static InetSocketAddress endpoint(int host) throws Exception {
        return new InetSocketAddress(InetAddress.getByName("192.0.2." + host), 4789);
    }

    @Test
    void codecRoundTrip() {
        NodeRemoved r = new NodeRemoved(0x0123_4567_89ab_cdefL);
        byte[] b = r.toBytes();
        assertEquals(8, b.length);
        assertEquals(r, EntryBody.decode(EntryType.NODE_REMOVED, b));
        assertEquals(8, EntryType.NODE_REMOVED.code());
        assertEquals(EntryType.NODE_REMOVED, EntryType.ofCode(8));
    }

    @Test
    void aRemovedNodeStaysListedLosesItsMembershipsAndMayWriteNothing() throws Exception {
        try (Chain c = twoNodesJoined()) {
            c.append(new NodeRemoved(nodeA.keyId()), operator);
            NodeRecord a = c.state().node(nodeA.keyId()).orElseThrow();
            assertTrue(a.removed());
            assertFalse(c.state().node(nodeB.keyId()).orElseThrow().removed());
            assertEquals(2, c.state().nodes().size(), "a removed node stays listed");
            assertTrue(c.state().membershipsOf(nodeA.keyId()).isEmpty());
            assertEquals(1, c.state().membersOf(net).size());

            AuthorityException self = assertThrows(AuthorityException.class,
                    () -> c.append(new NodeJoined(nodeA.keyId(), net, endpoint(1)), nodeA));
            assertTrue(self.getMessage().contains("was removed from the chain and may not write anything"), self.getMessage());
            ChainRuleException join = assertThrows(ChainRuleException.class,
                    () -> c.append(new NodeJoined(nodeA.keyId(), net, endpoint(1)), operator));
            assertTrue(join.getMessage().contains("was removed from the chain"), join.getMessage());
            assertThrows(ChainRuleException.class, () -> c.append(new NodeLeft(nodeA.keyId(), net), operator));
            ChainRuleException again = assertThrows(ChainRuleException.class, () -> c.append(new NodeRemoved(nodeA.keyId()), operator));
            assertTrue(again.getMessage().contains("is already removed"), again.getMessage());
            ChainRuleException reenrol = assertThrows(ChainRuleException.class,
                    () -> c.append(new NodeEnrolled(nodeA.publicKey(), new byte[32], "a2"), operator));
            assertTrue(reenrol.getMessage().contains("cannot be enrolled again with the same key"), reenrol.getMessage());
            ChainRuleException unknown = assertThrows(ChainRuleException.class,
                    () -> c.append(new NodeRemoved(Ed25519KeyPair.generate().keyId()), operator));
            assertTrue(unknown.getMessage().contains("is not enrolled"), unknown.getMessage());
            AuthorityException byNode = assertThrows(AuthorityException.class, () -> c.append(new NodeRemoved(nodeB.keyId()), nodeB));
            assertTrue(byNode.getMessage().contains("may not write NODE_REMOVED"), byNode.getMessage());
            assertEquals(7, c.size(), "nothing refused was stored");
        }
        try (Chain c = Chain.open(dir)) {                   // the same state on replay
            assertTrue(c.state().node(nodeA.keyId()).orElseThrow().removed());
            assertTrue(c.state().membershipsOf(nodeA.keyId()).isEmpty());
        }
    }
}
