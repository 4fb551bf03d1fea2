package atenet.vswitch.chain;

import atenet.redolog.entry.NodeRemoved;
import atenet.redolog.keys.Ed25519KeyPair;
import atenet.redolog.keys.KeyFiles;
import atenet.redolog.keys.NodeKeys;
import atenet.redolog.ops.ChainBootstrap;
import atenet.redolog.ops.NodeEnrollment;
import atenet.redolog.store.Chain;
import atenet.vswitch.udp.Admission;
import atenet.vswitch.udp.NetworkInfo;
import atenet.vswitch.udp.ServingNode;
import atenet.wire.crypto.X25519Keys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Layer: unit (a real chain in a temp directory). Who a node's peers are: the snapshot lists, per network, every
 * enrolled node that joined it, with its node id, X25519 key and endpoint; a removed node is not listed.
 */
class AdmissionBuilderPeersTest {
    @TempDir
    Path tmp;

    private static NodeKeys newNode() {
        return new NodeKeys(Ed25519KeyPair.generate(), X25519Keys.generatePrivate(new SecureRandom()));
    }

    @Test
    void servingNodesCarryTheirIdKeyAndEndpointAndRemovedNodesAreGone() {
        try (Chain chain = ChainBootstrap.init(tmp, "default", "10.250.0.0/24")) {
            Ed25519KeyPair operator = KeyFiles.operatorKey(tmp);
            byte[] net = chain.state().networkByName("default").orElseThrow().id();
            NodeKeys a = newNode();
            NodeKeys b = newNode();
            NodeEnrollment.ensureEnrolled(chain, operator, a, "a");
            NodeEnrollment.ensureEnrolled(chain, operator, b, "b");
            NodeEnrollment.ensureJoined(chain, a, net, new InetSocketAddress("192.0.2.1", 4789));
            NodeEnrollment.ensureJoined(chain, b, net, new InetSocketAddress("192.0.2.2", 4789));

            NetworkInfo info = new AdmissionBuilder().build(chain.state()).networks().get(0);
            assertEquals(2, info.nodes().size());
            ServingNode nb = info.node(b.x25519Public());
            assertNotNull(nb);
            assertEquals(b.nodeId(), nb.nodeId());
            assertEquals(new InetSocketAddress("192.0.2.2", 4789), nb.endpoint());
            Admission admission = new AdmissionBuilder().build(chain.state());
            assertTrue(admission.admitPeer(b.x25519Public(), a.x25519Public(), info.idHi(), info.idLo()).admitted());

            chain.append(new NodeRemoved(b.nodeId()), operator);
            Admission after = new AdmissionBuilder().build(chain.state());
            NetworkInfo now = after.networks().get(0);
            assertEquals(1, now.nodes().size(), "a removed node serves nothing");
            assertNull(now.node(b.x25519Public()));
            assertFalse(after.admitPeer(b.x25519Public(), a.x25519Public(), now.idHi(), now.idLo()).admitted());
        }
    }
}
