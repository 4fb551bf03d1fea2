package atenet.wire.handshake;

import atenet.wire.crypto.X25519Keys;
import atenet.wire.overlay.MessageKind;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.SplittableRandom;

import static atenet.wire.handshake.HandshakeLayout.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The peer-link role of the handshake (unit): a PEER_INIT is the INIT layout under another kind byte and another
 * Noise prologue, so the role cannot be changed on the path: a kind byte flipped either way (and mac1 recomputed, as
 * anyone can) no longer authenticates.
 */
class PeerHandshakeTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long NOW = 1_764_000_000_000L;

    private static byte[] bytes(long seed, int n) {
        byte[] b = new byte[n];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    private static final byte[] NODE_A = bytes(11, 32);
    private static final byte[] NODE_B = bytes(12, 32);
    private static final byte[] NODE_B_PUB = X25519Keys.publicOf(NODE_B);
    private static final byte[] CHAIN = bytes(13, 32);
    private static final byte[] NETWORK = bytes(14, 16);

    private static byte[] init(InitiatorHandshake hs) {
        byte[] init = new byte[INIT_LEN];
        hs.writeInit(init, null);
        return init;
    }

    @Test
    void aPeerInitIsReadAsAPeerAndGivesMatchingKeys() {
        InitiatorHandshake a = InitiatorHandshake.peer(NODE_A, NODE_B_PUB, CHAIN, NETWORK, 0x80000001, Tai64n.of(NOW, 0), RANDOM);
        byte[] init = init(a);
        assertEquals(MessageKind.PEER_INIT, init[0]);
        assertTrue(ResponderHandshake.hasInitShape(init, init.length));
        assertTrue(ResponderHandshake.checkMac1(HandshakeMacs.mac1Key(NODE_B_PUB), init));
        ResponderHandshake b = ResponderHandshake.read(NODE_B, CHAIN, init, init.length);
        assertNotNull(b);
        assertTrue(b.peer());
        assertArrayEquals(X25519Keys.publicOf(NODE_A), b.initiatorStatic());
        assertArrayEquals(NETWORK, b.networkId());
        byte[] resp = new byte[RESP_LEN];
        TransportKeys bKeys = b.accept(0x80000002, 1400, RANDOM, resp);
        InitiatorHandshake.Response r = a.readResponse(resp, resp.length);
        assertNotNull(r);
        assertTrue(r.accepted());
        assertEquals(0x80000002, r.remoteIndex());
        assertArrayEquals(r.keys().send.getEncoded(), bKeys.receive.getEncoded());
        assertArrayEquals(r.keys().receive.getEncoded(), bKeys.send.getEncoded());
    }

    @Test
    void aClientInitIsNotAPeer() {
        InitiatorHandshake c = new InitiatorHandshake(NODE_A, NODE_B_PUB, CHAIN, NETWORK, 7, Tai64n.of(NOW, 0), RANDOM);
        ResponderHandshake b = ResponderHandshake.read(NODE_B, CHAIN, init(c), INIT_LEN);
        assertNotNull(b);
        assertFalse(b.peer());
    }

    @Test
    void flippingTheKindByteEitherWayBreaksTheHandshake() {
        byte[] peerInit = init(InitiatorHandshake.peer(NODE_A, NODE_B_PUB, CHAIN, NETWORK, 9, Tai64n.of(NOW, 0), RANDOM));
        byte[] clientInit = init(new InitiatorHandshake(NODE_A, NODE_B_PUB, CHAIN, NETWORK, 9, Tai64n.of(NOW, 0), RANDOM));
        for (byte[][] flip : new byte[][][]{{peerInit, {MessageKind.INIT}}, {clientInit, {MessageKind.PEER_INIT}}}) {
            byte[] m = flip[0].clone();
            m[0] = flip[1][0];
            HandshakeMacs.writeMac(HandshakeMacs.mac1Key(NODE_B_PUB), m, INIT_OFFSET_MAC1);   // mac1 is public
            assertTrue(ResponderHandshake.checkMac1(HandshakeMacs.mac1Key(NODE_B_PUB), m));
            assertNull(ResponderHandshake.read(NODE_B, CHAIN, m, m.length), "the role is in the prologue");
        }
    }

    @Test
    void peerAndClientProloguesDiffer() {
        assertFalse(Arrays.equals(InitiatorHandshake.prologue(CHAIN), InitiatorHandshake.peerPrologue(CHAIN)));
        assertEquals("peerInit", MessageKind.name(MessageKind.PEER_INIT));
    }
}
