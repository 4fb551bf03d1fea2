package atenet.vswitch.chain;

import atenet.redolog.entry.AccessKeyRevoked;
import atenet.redolog.entry.LogEntry;
import atenet.redolog.entry.LogEntryCodec;
import atenet.redolog.entry.NodeRemoved;
import atenet.redolog.keys.KeyFiles;
import atenet.redolog.keys.Ed25519KeyPair;
import atenet.redolog.store.Chain;
import atenet.redolog.store.ChainRollCycle;
import atenet.vswitch.udp.Admission;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** Layer: the node's chain follower on a real chain in a temp directory, with entries appended from outside. */
class ChainServiceTest {
    @TempDir
    Path tmp;

    private ChainService service;
    private final LinkedBlockingQueue<Admission> seen = new LinkedBlockingQueue<>();

    @AfterEach
    void close() {
        if (service != null) {
            service.close();
        }
    }

    private ChainService startFollowing() throws Exception {
        service = new ChainService(tmp, new InetSocketAddress(InetAddress.getLoopbackAddress(), 4789), "node-1", atenet.vswitch.node.NodeOptions.defaultRaft(new InetSocketAddress(0)));
        service.open();
        service.join();
        service.follow(seen::add);
        return service;
    }

    /** Appends an entry another process forged (signed by a key the chain does not know), bypassing Chain. */
    private void appendForged() {
        long seq;
        byte[] prev;
        try (Chain c = Chain.open(tmp)) {
            seq = c.size();
            prev = c.state().lastHash();
        }
        LogEntry evil = LogEntryCodec.sign(seq, System.currentTimeMillis(), prev, new AccessKeyRevoked(1), Ed25519KeyPair.generate());
        try (SingleChronicleQueue q = SingleChronicleQueueBuilder.binary(tmp.resolve(Chain.CHAIN_DIR))
                .rollCycle(ChainRollCycle.TWENTY_DAYS).build();
             ExcerptAppender a = q.createAppender()) {
            a.writeBytes(Bytes.wrapForRead(evil.encoded()));
        }
    }

    @Test
    void anEntryThatDoesNotVerifyMakesTheNodeRefuse() throws Exception {
        startFollowing();
        assertNull(service.refusal());
        appendForged();
        Admission refused = seen.poll(5, TimeUnit.SECONDS);
        assertNotNull(refused, "the follower hands over a refusing snapshot");
        assertNotNull(refused.refusal());
        assertTrue(refused.refusal().startsWith("the chain no longer verifies: chain entry "), refused.refusal());
        assertFalse(refused.keys().isEmpty(), "keys verified before the bad entry stay (live sessions go on)");
        assertEquals(refused.refusal(), service.refusal());
        assertNull(seen.poll(300, TimeUnit.MILLISECONDS), "refused once, not on every poll");
    }

    @Test
    void aNodeRemovedWhileRunningEndsEverySession() throws Exception {
        startFollowing();
        try (Chain c = Chain.open(tmp)) {
            c.append(new NodeRemoved(service.nodeKeys().nodeId()), KeyFiles.operatorKey(tmp));
        }
        Admission removed = seen.poll(5, TimeUnit.SECONDS);
        assertNotNull(removed);
        assertTrue(removed.refusal().contains(") was removed from the chain"), removed.refusal());
        assertTrue(removed.keys().isEmpty(), "no key: the data plane ends every session");
        assertEquals(removed.refusal(), service.refusal());
    }

    @Test
    void aRemovedNodeRefusesToStart() throws Exception {
        startFollowing();
        long nodeId = service.nodeKeys().nodeId();
        service.close();
        service = null;
        try (Chain c = Chain.open(tmp)) {
            c.append(new NodeRemoved(nodeId), KeyFiles.operatorKey(tmp));
        }
        ChainService again = new ChainService(tmp, new InetSocketAddress(InetAddress.getLoopbackAddress(), 4789), "node-1", atenet.vswitch.node.NodeOptions.defaultRaft(new InetSocketAddress(0)));
        try {
            NodeSetupException e = assertThrows(NodeSetupException.class, again::open);
            assertTrue(e.getMessage().contains("was removed from the chain (tok nodes remove) and may not serve"), e.getMessage());
        } finally {
            again.close();
        }
    }

    @Test
    void theFirstKeyExpiresLikeAnyOtherAndItsTokenFileIsOwnerOnly() throws Exception {
        service = new ChainService(tmp, new InetSocketAddress(InetAddress.getLoopbackAddress(), 4789), "node-1", atenet.vswitch.node.NodeOptions.defaultRaft(new InetSocketAddress(0)));
        service.open();
        long before = System.currentTimeMillis();
        StartupReport r = service.join();
        long thirtyDays = 30L * 24 * 3600 * 1000;
        assertTrue(r.firstKeyExpiresAt() >= before + thirtyDays && r.firstKeyExpiresAt() <= System.currentTimeMillis() + thirtyDays,
                "expires in 30 days: " + r.firstKeyExpiresAt());
        assertEquals(r.firstKeyExpiresAt(), service.admission().keys().values().iterator().next().expiresAtMillis());
        Path file = tmp.resolve(FirstToken.FILE);
        assertEquals(r.firstToken() + "\n", java.nio.file.Files.readString(file));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files.getPosixFilePermissions(file)));
    }
}
