package atenet.vswitch.udp;

import atenet.wire.crypto.KeyId;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Layer: unit. The two roles never mix: {@link Admission#admitPeer} admits only another node that serves the network
 * with this one; {@link Admission#admit} never admits a node key as a client, even when an access key was issued
 * with it.
 */
class AdmissionPeerTest {
    private static final byte[] NET = new byte[16];
    private static final long HI = 0;
    private static final long LO = 7;
    private static final byte[] SELF = key(1);
    private static final byte[] PEER = key(2);
    private static final byte[] OTHER_NET_NODE = key(3);
    private static final byte[] CLIENT = key(4);

    static {
        NET[15] = 7;
    }

    private static byte[] key(int b) {
        byte[] k = new byte[32];
        k[0] = (byte) b;
        k[31] = (byte) b;
        return k;
    }

    private static ServingNode node(long id, byte[] key) {
        return new ServingNode(id, key, "n" + id, new InetSocketAddress("192.0.2." + id, 4789));
    }

    private static Admission admission(String refusal, byte[]... accessKeys) {
        NetworkInfo net = new NetworkInfo(NET, HI, LO, "n", "10.0.0.0/24", 1400, List.of(node(1, SELF), node(2, PEER)));
        byte[] otherId = new byte[16];
        otherId[15] = 9;
        NetworkInfo other = new NetworkInfo(otherId, 0, 9, "o", "10.1.0.0/24", 1400, List.of(node(3, OTHER_NET_NODE)));
        Map<Long, AdmittedKey> keys = new java.util.HashMap<>();
        for (byte[] k : accessKeys) {
            keys.put(KeyId.of(k), new AdmittedKey(KeyId.of(k), HI, LO, k, 0, false));
        }
        return new Admission(List.of(net, other), Map.copyOf(keys), 1, refusal);
    }

    @Test
    void onlyAnotherNodeOfTheSameNetworkIsAPeer() {
        Admission a = admission(null, CLIENT);
        assertEquals(AdmissionVerdict.ADMITTED, a.admitPeer(PEER, SELF, HI, LO));
        assertEquals(AdmissionVerdict.NOT_A_PEER, a.admitPeer(CLIENT, SELF, HI, LO), "a client key is never a peer");
        assertEquals(AdmissionVerdict.NOT_A_PEER, a.admitPeer(SELF, SELF, HI, LO), "never our own peer");
        assertEquals(AdmissionVerdict.NOT_A_PEER, a.admitPeer(OTHER_NET_NODE, SELF, HI, LO), "serves another network only");
        assertEquals(AdmissionVerdict.NOT_A_PEER, a.admitPeer(PEER, OTHER_NET_NODE, HI, LO), "we do not serve it ourselves");
        assertEquals(AdmissionVerdict.NOT_A_PEER, a.admitPeer(null, SELF, HI, LO));
        assertEquals(AdmissionVerdict.UNKNOWN_NETWORK, a.admitPeer(PEER, SELF, HI, LO + 1));
        assertEquals(AdmissionVerdict.NOT_SERVING, admission("removed", CLIENT).admitPeer(PEER, SELF, HI, LO));
        assertEquals(DropReason.PEER_REFUSED, AdmissionVerdict.NOT_A_PEER.drop);
    }

    @Test
    void aNodeKeyIsNeverAClientEvenWithAnAccessKeyIssuedForIt() {
        Admission a = admission(null, CLIENT, PEER, OTHER_NET_NODE);
        assertEquals(AdmissionVerdict.ADMITTED, a.admit(CLIENT, HI, LO, 0));
        assertEquals(AdmissionVerdict.NODE_KEY, a.admit(PEER, HI, LO, 0));
        assertEquals(AdmissionVerdict.NODE_KEY, a.admit(OTHER_NET_NODE, HI, LO, 0), "a node of any network");
        assertEquals(DropReason.NODE_KEY_AS_CLIENT, AdmissionVerdict.NODE_KEY.drop);
        assertTrue(a.isNodeKey(SELF));
        assertFalse(a.isNodeKey(CLIENT));
    }
}
