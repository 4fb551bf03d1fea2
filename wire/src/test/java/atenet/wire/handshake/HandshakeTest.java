package atenet.wire.handshake;

import atenet.wire.crypto.PacketCipher;
import atenet.wire.crypto.X25519Keys;
import atenet.wire.overlay.MessageKind;
import atenet.wire.overlay.OverlayCodec;
import atenet.wire.overlay.OverlayHeader;
import atenet.wire.overlay.PacketType;
import atenet.wire.overlay.RejectReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.crypto.spec.SecretKeySpec;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.SplittableRandom;

import static atenet.wire.handshake.HandshakeLayout.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * InitiatorHandshake ↔ ResponderHandshake over the byte layouts of {@link HandshakeLayout}: keys, indexes,
 * refusals, MACs, tampering and misuse.
 */
class HandshakeTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long NOW = 1_764_000_000_000L;

    private static byte[] bytes(long seed, int n) {
        byte[] b = new byte[n];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    private static final byte[] CLIENT = bytes(1, 32);
    private static final byte[] CLIENT_PUB = X25519Keys.publicOf(CLIENT);
    private static final byte[] NODE = bytes(2, 32);
    private static final byte[] NODE_PUB = X25519Keys.publicOf(NODE);
    private static final byte[] OTHER_NODE = bytes(3, 32);
    private static final byte[] CHAIN = bytes(4, 32);
    private static final byte[] NETWORK = bytes(5, 16);
    private static final int CLIENT_INDEX = 0x8a0b0c0d;
    private static final int NODE_INDEX = 0x01020304;

    private static InitiatorHandshake initiator(int index) {
        return new InitiatorHandshake(CLIENT, NODE_PUB, CHAIN, NETWORK, index, Tai64n.of(NOW, 0), RANDOM);
    }

    private static byte[] initOf(InitiatorHandshake ini, byte[] cookie) {
        byte[] init = new byte[INIT_LEN];
        assertEquals(INIT_LEN, ini.writeInit(init, cookie));
        return init;
    }

    /** A node's whole INIT pipeline (shape → mac1 → mac2 when a cookie is demanded → Noise). */
    private static ResponderHandshake nodeReads(byte[] init, byte[] cookieDemanded) {
        if (!ResponderHandshake.hasInitShape(init, init.length)
                || !ResponderHandshake.checkMac1(HandshakeMacs.mac1Key(NODE_PUB), init)
                || (cookieDemanded != null && !ResponderHandshake.checkMac2(cookieDemanded, init))) {
            return null;
        }
        return ResponderHandshake.read(NODE, CHAIN, init, init.length);
    }

    private record Session(InitiatorHandshake.Response client, TransportKeys node, byte[] init, byte[] response) {
    }

    private static Session handshake() {
        InitiatorHandshake ini = initiator(CLIENT_INDEX);
        byte[] init = initOf(ini, null);
        ResponderHandshake r = nodeReads(init, null);
        assertNotNull(r);
        byte[] resp = new byte[RESP_LEN];
        TransportKeys nodeKeys = r.accept(NODE_INDEX, 1380, RANDOM, resp);
        InitiatorHandshake.Response res = ini.readResponse(resp, RESP_LEN);
        assertNotNull(res);
        return new Session(res, nodeKeys, init, resp);
    }

    /** Seals a frame under {@code send}, opens it under {@code receive}; the plaintext length or -1. */
    private static int sealOpen(SecretKeySpec send, SecretKeySpec receive, long counter) {
        byte[] pkt = new byte[OverlayHeader.MAX_PACKET_LEN];
        OverlayCodec.writeHeader(pkt, 77, counter);
        pkt[OverlayHeader.OFFSET_TYPE] = PacketType.FRAME;
        byte[] payload = bytes(counter, 60);
        System.arraycopy(payload, 0, pkt, OverlayHeader.OFFSET_TYPE + 1, payload.length);
        int len = new PacketCipher().seal(pkt, 61, send);
        int n = new PacketCipher().open(pkt, len, receive);
        if (n == 61) {
            assertArrayEquals(payload, Arrays.copyOfRange(pkt, OverlayHeader.OFFSET_TYPE + 1, OverlayHeader.OFFSET_TYPE + 61));
        }
        return n;
    }

    // ------------------------------------------------------------------ layout

    @Test
    void layoutLengths() {
        assertEquals(161, INIT_LEN);
        assertEquals(92, RESP_LEN);
        assertEquals(49, COOKIE_LEN);
        assertEquals(28, PAYLOAD1_LEN);
        assertEquals(3, PAYLOAD2_LEN);
        assertEquals(129, INIT_OFFSET_MAC1);
        assertEquals(145, INIT_OFFSET_MAC2);
        assertEquals(60, RESP_OFFSET_MAC1);
        assertEquals(76, RESP_OFFSET_MAC2);
        assertEquals(17, COOKIE_OFFSET_SEALED);
    }

    // ------------------------------------------------------------------ the accepted exchange

    @Test
    void fullExchangeGivesMatchingTransportKeysInBothDirections() {
        Session s = handshake();
        assertTrue(s.client().accepted());
        assertEquals(STATUS_OK, s.client().status());
        assertEquals(1380, s.client().advisedMtu());
        assertEquals(NODE_INDEX, s.client().remoteIndex());
        TransportKeys c = s.client().keys();
        TransportKeys n = s.node();
        assertEquals(61, sealOpen(c.send, n.receive, 1), "client → node");
        assertEquals(61, sealOpen(n.send, c.receive, 1), "node → client");
        assertEquals(61, sealOpen(c.send, n.receive, Long.MAX_VALUE));
        // the two directions use different keys
        assertEquals(-1, sealOpen(c.send, c.receive, 2));
        assertEquals(-1, sealOpen(n.send, n.receive, 2));
        assertFalse(Arrays.equals(c.send.getEncoded(), c.receive.getEncoded()));
        assertArrayEquals(c.send.getEncoded(), n.receive.getEncoded());
        assertArrayEquals(c.receive.getEncoded(), n.send.getEncoded());
    }

    @Test
    void twoHandshakesGiveDifferentKeys() {
        Session a = handshake();
        Session b = handshake();
        assertFalse(Arrays.equals(a.node().send.getEncoded(), b.node().send.getEncoded()), "fresh ephemerals each time");
        assertEquals(-1, sealOpen(a.client().keys().send, b.node().receive, 1));
    }

    @Test
    void indexesLandWhereTheLayoutSays() {
        Session s = handshake();
        assertEquals(MessageKind.INIT, s.init()[0]);
        assertEquals(CLIENT_INDEX, OverlayCodec.getInt(s.init(), INIT_OFFSET_SENDER));
        assertArrayEquals(new byte[]{(byte) 0x8a, 0x0b, 0x0c, 0x0d}, Arrays.copyOfRange(s.init(), 1, 5));
        assertEquals(MessageKind.RESPONSE, s.response()[0]);
        assertEquals(NODE_INDEX, OverlayCodec.getInt(s.response(), RESP_OFFSET_SENDER));
        assertEquals(CLIENT_INDEX, OverlayCodec.getInt(s.response(), RESP_OFFSET_RECEIVER));
        assertArrayEquals(new byte[]{1, 2, 3, 4}, Arrays.copyOfRange(s.response(), 1, 5));
        assertArrayEquals(new byte[]{(byte) 0x8a, 0x0b, 0x0c, 0x0d}, Arrays.copyOfRange(s.response(), 5, 9));
        // without a cookie mac2 is 16 zero bytes, in both messages
        assertArrayEquals(new byte[MAC_LEN], Arrays.copyOfRange(s.init(), INIT_OFFSET_MAC2, INIT_LEN));
        assertArrayEquals(new byte[MAC_LEN], Arrays.copyOfRange(s.response(), RESP_OFFSET_MAC2, RESP_LEN));
        // mac1 of the RESPONSE is keyed by the initiator's static key
        assertTrue(HandshakeMacs.checkMac(HandshakeMacs.mac1Key(CLIENT_PUB), s.response(), RESP_OFFSET_MAC1));
    }

    @Test
    void responderLearnsTheInitiatorsKeyTimestampAndNetwork() {
        InitiatorHandshake ini = new InitiatorHandshake(CLIENT, NODE_PUB, CHAIN, NETWORK, 9, Tai64n.of(NOW, 5), RANDOM);
        assertEquals(9, ini.senderIndex());
        assertArrayEquals(NODE_PUB, ini.responderStatic());
        ResponderHandshake r = nodeReads(initOf(ini, null), null);
        assertNotNull(r);
        assertEquals(9, r.initiatorIndex());
        assertArrayEquals(CLIENT_PUB, r.initiatorStatic());
        assertArrayEquals(Tai64n.of(NOW, 5), r.timestamp());
        assertArrayEquals(NETWORK, r.networkId());
        // getters hand out copies
        r.networkId()[0] ^= 1;
        r.timestamp()[0] ^= 1;
        r.initiatorStatic()[0] ^= 1;
        assertArrayEquals(NETWORK, r.networkId());
        assertArrayEquals(Tai64n.of(NOW, 5), r.timestamp());
        assertArrayEquals(CLIENT_PUB, r.initiatorStatic());
    }

    /** IK encrypts the initiator's static key and the payload: neither the access key nor the network id is in clear. */
    @Test
    void initHidesTheClientKeyTimestampAndNetwork() {
        byte[] init = initOf(initiator(CLIENT_INDEX), null);
        assertFalse(contains(init, CLIENT_PUB), "client public key in clear");
        assertFalse(contains(init, NETWORK), "network id in clear");
        assertFalse(contains(init, Arrays.copyOf(Tai64n.of(NOW, 0), 8)), "timestamp in clear");
        assertFalse(contains(init, NODE_PUB), "node public key in clear");
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        for (int i = 0; i + needle.length <= hay.length; i++) {
            if (Arrays.equals(hay, i, i + needle.length, needle, 0, needle.length)) {
                return true;
            }
        }
        return false;
    }

    /** The node's replay check compares timestamps: the same INIT bytes must always give the same one. */
    @Test
    void sameInitReadTwiceGivesTheSameTimestamp() {
        byte[] init = initOf(initiator(CLIENT_INDEX), null);
        ResponderHandshake a = nodeReads(init.clone(), null);
        ResponderHandshake b = nodeReads(init.clone(), null);
        assertNotNull(a);
        assertNotNull(b);
        assertArrayEquals(a.timestamp(), b.timestamp());
        assertFalse(Tai64n.isAfter(b.timestamp(), a.timestamp()), "a replayed INIT is never newer");
        assertEquals(a.initiatorIndex(), b.initiatorIndex());
        assertArrayEquals(a.initiatorStatic(), b.initiatorStatic());
    }

    /** A retransmission re-sends the same bytes: writeInit is repeatable. */
    @Test
    void writeInitIsRepeatable() {
        InitiatorHandshake ini = initiator(CLIENT_INDEX);
        assertArrayEquals(initOf(ini, null), initOf(ini, null));
        byte[] cookie = bytes(6, 16);
        byte[] withCookie = initOf(ini, cookie);
        assertArrayEquals(withCookie, initOf(ini, cookie));
        // the cookie changes only mac2
        assertArrayEquals(Arrays.copyOf(initOf(ini, null), INIT_OFFSET_MAC2), Arrays.copyOf(withCookie, INIT_OFFSET_MAC2));
        // and going back to no cookie zeroes mac2 again
        assertArrayEquals(new byte[MAC_LEN], Arrays.copyOfRange(initOf(ini, null), INIT_OFFSET_MAC2, INIT_LEN));
    }

    @Test
    void aNewerAttemptHasANewerTimestampAndOtherBytes() {
        InitiatorHandshake a = initiator(1);
        InitiatorHandshake b = new InitiatorHandshake(CLIENT, NODE_PUB, CHAIN, NETWORK, 1, Tai64n.of(NOW + 1, 0), RANDOM);
        ResponderHandshake ra = nodeReads(initOf(a, null), null);
        ResponderHandshake rb = nodeReads(initOf(b, null), null);
        assertTrue(Tai64n.isAfter(rb.timestamp(), ra.timestamp()));
        assertFalse(Arrays.equals(initOf(a, null), initOf(b, null)));
    }

    // ------------------------------------------------------------------ refusal

    @Test
    void refusalIsReadAsItsStatusWithoutKeys() {
        InitiatorHandshake ini = initiator(CLIENT_INDEX);
        ResponderHandshake r = nodeReads(initOf(ini, null), null);
        byte[] resp = new byte[RESP_LEN];
        r.refuse(RejectReason.REVOKED.code, RANDOM, resp);
        assertEquals(MessageKind.RESPONSE, resp[0]);
        assertEquals(0, OverlayCodec.getInt(resp, RESP_OFFSET_SENDER), "a refusal carries sender index 0");
        assertEquals(CLIENT_INDEX, OverlayCodec.getInt(resp, RESP_OFFSET_RECEIVER));
        assertTrue(ini.isForMe(resp, RESP_LEN));
        InitiatorHandshake.Response res = ini.readResponse(resp, RESP_LEN);
        assertNotNull(res, "a refusal is authenticated and read");
        assertEquals(3, res.status());
        assertEquals(RejectReason.REVOKED, RejectReason.of(res.status()));
        assertNull(res.keys());
        assertFalse(res.accepted());
        assertEquals(0, res.remoteIndex());
    }

    /** Successor of the old REJECT round trip: every reason travels in an authenticated RESPONSE. */
    @ParameterizedTest
    @EnumSource(value = RejectReason.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void everyRejectReasonRoundTripsThroughARefusal(RejectReason reason) {
        InitiatorHandshake ini = initiator(CLIENT_INDEX);
        ResponderHandshake r = nodeReads(initOf(ini, null), null);
        byte[] resp = new byte[RESP_LEN];
        r.refuse(reason.code, RANDOM, resp);
        InitiatorHandshake.Response res = ini.readResponse(resp, RESP_LEN);
        assertNotNull(res);
        assertSame(reason, RejectReason.of(res.status()));
        assertFalse(res.accepted());
        assertNull(res.keys());
    }

    /** Successor of "unknown reject code reads as NONE": an unknown status is still a refusal. */
    @Test
    void unknownRefusalCodeIsARefusalThatReadsAsNone() {
        InitiatorHandshake ini = initiator(CLIENT_INDEX);
        byte[] resp = new byte[RESP_LEN];
        nodeReads(initOf(ini, null), null).refuse(0xee, RANDOM, resp);
        InitiatorHandshake.Response res = ini.readResponse(resp, RESP_LEN);
        assertEquals(0xee, res.status());
        assertSame(RejectReason.NONE, RejectReason.of(res.status()));
        assertFalse(res.accepted());
    }

    /** The refusal is authenticated: an off-path party cannot turn an acceptance into a refusal or back. */
    @Test
    void refusalCannotBeForgedFromAnAcceptance() {
        // a third party who knows the client's public key recomputes mac1 after editing the sender index:
        // the Noise part is unchanged, so the status (inside Noise) still says "accepted", but with sender 0
        InitiatorHandshake ini = initiator(CLIENT_INDEX);
        byte[] resp = new byte[RESP_LEN];
        nodeReads(initOf(ini, null), null).accept(NODE_INDEX, 1400, RANDOM, resp);
        OverlayCodec.putInt(resp, RESP_OFFSET_SENDER, 0);
        HandshakeMacs.writeMac(HandshakeMacs.mac1Key(CLIENT_PUB), resp, RESP_OFFSET_MAC1);
        InitiatorHandshake.Response res = ini.readResponse(resp, RESP_LEN);
        assertNotNull(res);
        assertFalse(res.accepted(), "status 0 with sender index 0 is never accepted");
        assertNull(res.keys());
        assertNotEquals(STATUS_OK, res.status());
    }

    @Test
    void responseRecordAcceptsOnlyStatusOkWithKeys() {
        TransportKeys k = TransportKeys.of(new byte[32], new byte[32]);
        assertTrue(new InitiatorHandshake.Response(STATUS_OK, 1400, 5, k).accepted());
        assertFalse(new InitiatorHandshake.Response(STATUS_OK, 1400, 5, null).accepted());
        assertFalse(new InitiatorHandshake.Response(3, 1400, 5, k).accepted());
        assertFalse(new InitiatorHandshake.Response(3, 0, 0, null).accepted());
    }

    @Test
    void refusingWithStatusOkIsAProgrammingError() {
        ResponderHandshake r = nodeReads(initOf(initiator(CLIENT_INDEX), null), null);
        assertThrows(IllegalArgumentException.class, () -> r.refuse(STATUS_OK, RANDOM, new byte[RESP_LEN]));
    }

    @Test
    void aHandshakeIsAnsweredOnce() {
        ResponderHandshake r = nodeReads(initOf(initiator(CLIENT_INDEX), null), null);
        r.accept(NODE_INDEX, 1400, RANDOM, new byte[RESP_LEN]);
        assertThrows(IllegalStateException.class, () -> r.accept(NODE_INDEX + 1, 1400, RANDOM, new byte[RESP_LEN]));
        assertThrows(IllegalStateException.class, () -> r.refuse(3, RANDOM, new byte[RESP_LEN]));
        ResponderHandshake r2 = nodeReads(initOf(initiator(CLIENT_INDEX), null), null);
        r2.refuse(3, RANDOM, new byte[RESP_LEN]);
        assertThrows(IllegalStateException.class, () -> r2.accept(NODE_INDEX, 1400, RANDOM, new byte[RESP_LEN]));
    }

    // ------------------------------------------------------------------ index 0

    @Test
    void indexZeroIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> initiator(0));
        ResponderHandshake r = nodeReads(initOf(initiator(CLIENT_INDEX), null), null);
        assertThrows(IllegalArgumentException.class, () -> r.accept(0, 1400, RANDOM, new byte[RESP_LEN]));
        // an INIT claiming sender index 0 (even with valid MACs) does not have the INIT shape
        byte[] init = initOf(initiator(CLIENT_INDEX), null);
        OverlayCodec.putInt(init, INIT_OFFSET_SENDER, 0);
        HandshakeMacs.writeMac(HandshakeMacs.mac1Key(NODE_PUB), init, INIT_OFFSET_MAC1);
        assertFalse(ResponderHandshake.hasInitShape(init, INIT_LEN));
        assertNull(ResponderHandshake.read(NODE, CHAIN, init, INIT_LEN));
    }

    @Test
    void badConstructorArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new InitiatorHandshake(CLIENT, NODE_PUB, CHAIN, new byte[15], 1, Tai64n.of(NOW, 0), RANDOM));
        assertThrows(IllegalArgumentException.class,
                () -> new InitiatorHandshake(CLIENT, NODE_PUB, CHAIN, NETWORK, 1, new byte[11], RANDOM));
        assertThrows(IllegalArgumentException.class,
                () -> new InitiatorHandshake(CLIENT, new byte[31], CHAIN, NETWORK, 1, Tai64n.of(NOW, 0), RANDOM));
    }

    // ------------------------------------------------------------------ chain, node key, macs

    @Test
    void wrongChainIdIsRefusedByTheResponder() {
        byte[] init = initOf(initiator(CLIENT_INDEX), null);
        byte[] otherChain = CHAIN.clone();
        otherChain[31] ^= 1;
        assertNull(ResponderHandshake.read(NODE, otherChain, init, INIT_LEN));
        assertNotNull(ResponderHandshake.read(NODE, CHAIN, init, INIT_LEN));
    }

    @Test
    void initForAnotherNodeKeyFailsMac1AndNoise() {
        InitiatorHandshake ini = new InitiatorHandshake(CLIENT, X25519Keys.publicOf(OTHER_NODE), CHAIN, NETWORK, 7,
                Tai64n.of(NOW, 0), RANDOM);
        byte[] init = initOf(ini, null);
        assertFalse(ResponderHandshake.checkMac1(HandshakeMacs.mac1Key(NODE_PUB), init));
        assertTrue(ResponderHandshake.checkMac1(HandshakeMacs.mac1Key(X25519Keys.publicOf(OTHER_NODE)), init));
        assertNull(ResponderHandshake.read(NODE, CHAIN, init, INIT_LEN), "Noise fails too, even past mac1");
        assertNotNull(ResponderHandshake.read(OTHER_NODE, CHAIN, init, INIT_LEN));
    }

    @Test
    void mac2WithTheRightCookiePassesAndWithAWrongOneFails() {
        InitiatorHandshake ini = initiator(CLIENT_INDEX);
        byte[] cookie = bytes(7, 16);
        byte[] init = initOf(ini, cookie);
        assertTrue(ResponderHandshake.checkMac2(cookie, init));
        byte[] wrong = cookie.clone();
        wrong[0] ^= 1;
        assertFalse(ResponderHandshake.checkMac2(wrong, init));
        assertFalse(ResponderHandshake.checkMac2(new byte[16], init));
        // without a cookie: mac2 is zero and fails any cookie check
        assertFalse(ResponderHandshake.checkMac2(cookie, initOf(ini, null)));
        // mac1 holds either way
        assertTrue(ResponderHandshake.checkMac1(HandshakeMacs.mac1Key(NODE_PUB), init));
        assertTrue(ResponderHandshake.checkMac1(HandshakeMacs.mac1Key(NODE_PUB), initOf(ini, null)));
        assertNotNull(nodeReads(init, cookie));
    }

    /** The node under load: INIT → COOKIE → INIT with mac2 → RESPONSE, and the session works. */
    @Test
    void cookieRoundTripUnderLoad() {
        InitiatorHandshake ini = initiator(CLIENT_INDEX);
        byte[] first = initOf(ini, null);
        byte[] cookie = bytes(8, 16);
        assertNull(nodeReads(first, cookie), "under load an INIT without mac2 is not processed");
        byte[] reply = new byte[COOKIE_LEN];
        int n = HandshakeMacs.writeCookieReply(reply, OverlayCodec.getInt(first, INIT_OFFSET_SENDER), bytes(9, 12), cookie,
                HandshakeMacs.cookieKey(NODE_PUB), Arrays.copyOfRange(first, INIT_OFFSET_MAC1, INIT_OFFSET_MAC2));
        assertEquals(COOKIE_LEN, n);
        assertEquals(MessageKind.COOKIE, reply[0]);
        assertEquals(CLIENT_INDEX, OverlayCodec.getInt(reply, COOKIE_OFFSET_RECEIVER));
        byte[] got = HandshakeMacs.openCookieReply(reply, n, HandshakeMacs.cookieKey(ini.responderStatic()), ini.mac1());
        assertArrayEquals(cookie, got);
        byte[] second = initOf(ini, got);
        ResponderHandshake r = nodeReads(second, cookie);
        assertNotNull(r);
        byte[] resp = new byte[RESP_LEN];
        TransportKeys nodeKeys = r.accept(NODE_INDEX, 1400, RANDOM, resp);
        InitiatorHandshake.Response res = ini.readResponse(resp, RESP_LEN);
        assertTrue(res.accepted());
        assertEquals(61, sealOpen(res.keys().send, nodeKeys.receive, 1));
    }

    @Test
    void mac1OfTheInitIsWhatMac1Returns() {
        InitiatorHandshake ini = initiator(CLIENT_INDEX);
        byte[] init = initOf(ini, bytes(1, 16));
        assertArrayEquals(Arrays.copyOfRange(init, INIT_OFFSET_MAC1, INIT_OFFSET_MAC2), ini.mac1());
        ini.mac1()[0] ^= 1;
        assertArrayEquals(Arrays.copyOfRange(init, INIT_OFFSET_MAC1, INIT_OFFSET_MAC2), ini.mac1(), "a copy");
    }

    // ------------------------------------------------------------------ responses not for this attempt

    @Test
    void responseForAnotherSenderIndexIsIgnored() {
        InitiatorHandshake mine = initiator(CLIENT_INDEX);
        InitiatorHandshake other = initiator(CLIENT_INDEX + 1);
        byte[] resp = new byte[RESP_LEN];
        nodeReads(initOf(other, null), null).accept(NODE_INDEX, 1400, RANDOM, resp);
        assertFalse(mine.isForMe(resp, RESP_LEN));
        assertNull(mine.readResponse(resp, RESP_LEN));
        assertTrue(other.isForMe(resp, RESP_LEN));
        // and it stays usable for its own response
        byte[] myResp = new byte[RESP_LEN];
        nodeReads(initOf(mine, null), null).accept(NODE_INDEX, 1400, RANDOM, myResp);
        assertTrue(mine.readResponse(myResp, RESP_LEN).accepted());
    }

    /** Successor of "isReject is false for a wrong length / another type". */
    @Test
    void isForMeChecksLengthKindAndReceiver() {
        InitiatorHandshake ini = initiator(CLIENT_INDEX);
        byte[] resp = new byte[RESP_LEN + 10];
        nodeReads(initOf(ini, null), null).accept(NODE_INDEX, 1400, RANDOM, resp);
        assertTrue(ini.isForMe(resp, RESP_LEN));
        for (int len : new int[]{0, 1, 9, RESP_LEN - 1, RESP_LEN + 1, RESP_LEN + 10}) {
            assertFalse(ini.isForMe(resp, len), "length " + len);
            assertNull(ini.readResponse(resp, len), "length " + len);
        }
        for (int k = 0; k < 256; k++) {
            byte[] p = resp.clone();
            p[0] = (byte) k;
            assertEquals(p[0] == MessageKind.RESPONSE, ini.isForMe(p, RESP_LEN), "kind " + k);
        }
        assertTrue(ini.readResponse(resp, RESP_LEN).accepted());
    }

    @Test
    void readResponseIsUsableOnce() {
        InitiatorHandshake ini = initiator(CLIENT_INDEX);
        byte[] resp = new byte[RESP_LEN];
        nodeReads(initOf(ini, null), null).accept(NODE_INDEX, 1400, RANDOM, resp);
        assertTrue(ini.readResponse(resp.clone(), RESP_LEN).accepted());
        assertNull(ini.readResponse(resp.clone(), RESP_LEN), "a second read (replayed RESPONSE) gives nothing");
    }

    @Test
    void abandonedAttemptReadsNothing() {
        InitiatorHandshake ini = initiator(CLIENT_INDEX);
        byte[] resp = new byte[RESP_LEN];
        nodeReads(initOf(ini, null), null).accept(NODE_INDEX, 1400, RANDOM, resp);
        ini.abandon();
        assertNull(ini.readResponse(resp, RESP_LEN));
    }

    // ------------------------------------------------------------------ tampering

    @Test
    void flippingAnyByteOfInitMakesItFail() {
        InitiatorHandshake ini = initiator(CLIENT_INDEX);
        byte[] cookie = bytes(10, 16);
        byte[] init = initOf(ini, cookie);
        assertNotNull(nodeReads(init, cookie));
        for (int i = 0; i < INIT_LEN; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] p = init.clone();
                p[i] ^= (byte) (1 << bit);
                assertNull(nodeReads(p, cookie), "flip of bit " + bit + " of byte " + i);
            }
        }
    }

    /** Past the MACs too: a flipped byte of the Noise message fails Noise itself, whatever mac1 says. */
    @Test
    void flippingAnyNoiseByteOfInitFailsNoiseEvenWithRecomputedMacs() {
        byte[] init = initOf(initiator(CLIENT_INDEX), null);
        for (int i = INIT_OFFSET_NOISE; i < INIT_OFFSET_MAC1; i++) {
            byte[] p = init.clone();
            p[i] ^= 0x01;
            HandshakeMacs.writeMac(HandshakeMacs.mac1Key(NODE_PUB), p, INIT_OFFSET_MAC1);
            assertNull(ResponderHandshake.read(NODE, CHAIN, p, INIT_LEN), "byte " + i);
        }
    }

    @Test
    void flippingAnyAuthenticatedByteOfResponseMakesItFail() {
        InitiatorHandshake ini = initiator(CLIENT_INDEX);
        byte[] resp = new byte[RESP_LEN];
        TransportKeys nodeKeys = nodeReads(initOf(ini, null), null).accept(NODE_INDEX, 1400, RANDOM, resp);
        for (int i = 0; i < RESP_OFFSET_MAC2; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] p = resp.clone();
                p[i] ^= (byte) (1 << bit);
                assertNull(ini.readResponse(p, RESP_LEN), "flip of bit " + bit + " of byte " + i);
            }
        }
        // the untouched RESPONSE is still accepted after all those failures
        InitiatorHandshake.Response res = ini.readResponse(resp, RESP_LEN);
        assertNotNull(res);
        assertTrue(res.accepted());
        assertEquals(61, sealOpen(res.keys().send, nodeKeys.receive, 1));
    }

    /**
     * A RESPONSE whose Noise part was tampered with but whose mac1 is valid (mac1 is keyed by the client's
     * public key, which the chain publishes) must fail, and must not spoil the attempt: the genuine RESPONSE
     * arriving after it is still accepted ("returns null: count it, keep waiting").
     */
    @Test
    void forgedResponseWithValidMac1DoesNotSpoilTheAttempt() {
        InitiatorHandshake ini = initiator(CLIENT_INDEX);
        byte[] resp = new byte[RESP_LEN];
        nodeReads(initOf(ini, null), null).accept(NODE_INDEX, 1400, RANDOM, resp);
        byte[] forged = resp.clone();
        forged[RESP_OFFSET_NOISE + 40] ^= 0x01;
        HandshakeMacs.writeMac(HandshakeMacs.mac1Key(CLIENT_PUB), forged, RESP_OFFSET_MAC1);
        assertNull(ini.readResponse(forged, RESP_LEN), "tampered Noise message");
        InitiatorHandshake.Response res = ini.readResponse(resp, RESP_LEN);
        assertNotNull(res, "the genuine RESPONSE after a forged one must still be read");
        assertTrue(res.accepted());
    }

    /** Same, with a forged ephemeral key (random 32 bytes) instead of a flipped ciphertext byte. */
    @Test
    void forgedEphemeralWithValidMac1DoesNotSpoilTheAttempt() {
        InitiatorHandshake ini = initiator(CLIENT_INDEX);
        byte[] resp = new byte[RESP_LEN];
        nodeReads(initOf(ini, null), null).accept(NODE_INDEX, 1400, RANDOM, resp);
        byte[] forged = resp.clone();
        System.arraycopy(X25519Keys.publicOf(bytes(11, 32)), 0, forged, RESP_OFFSET_NOISE, 32);
        HandshakeMacs.writeMac(HandshakeMacs.mac1Key(CLIENT_PUB), forged, RESP_OFFSET_MAC1);
        assertNull(ini.readResponse(forged, RESP_LEN));
        InitiatorHandshake.Response res = ini.readResponse(resp, RESP_LEN);
        assertNotNull(res, "the genuine RESPONSE after a forged one must still be read");
        assertTrue(res.accepted());
    }

    @Test
    void responseFromAnotherNodeKeyFails() {
        // the client dialled NODE_PUB, but OTHER_NODE answers (it saw the INIT and knows the client's public key)
        InitiatorHandshake ini = initiator(CLIENT_INDEX);
        byte[] init = initOf(ini, null);
        assertNull(ResponderHandshake.read(OTHER_NODE, CHAIN, init, INIT_LEN), "OTHER_NODE cannot even read the INIT");
    }

    @Test
    void randomGarbageNeverThrows() {
        SplittableRandom r = new SplittableRandom(12);
        InitiatorHandshake ini = initiator(CLIENT_INDEX);
        byte[] mac1Key = HandshakeMacs.mac1Key(NODE_PUB);
        for (int i = 0; i < 2_000; i++) {
            byte[] init = new byte[INIT_LEN];
            r.nextBytes(init);
            init[0] = MessageKind.INIT;
            assertFalse(ResponderHandshake.checkMac1(mac1Key, init));
            assertNull(assertDoesNotThrow(() -> ResponderHandshake.read(NODE, CHAIN, init, INIT_LEN)));
            byte[] resp = new byte[RESP_LEN];
            r.nextBytes(resp);
            resp[0] = MessageKind.RESPONSE;
            OverlayCodec.putInt(resp, RESP_OFFSET_RECEIVER, CLIENT_INDEX);
            HandshakeMacs.writeMac(HandshakeMacs.mac1Key(CLIENT_PUB), resp, RESP_OFFSET_MAC1);
            assertNull(assertDoesNotThrow(() -> ini.readResponse(resp, RESP_LEN)));
        }
    }

    @Test
    void readRejectsWrongLengths() {
        byte[] init = Arrays.copyOf(initOf(initiator(CLIENT_INDEX), null), INIT_LEN + 10);
        for (int len : new int[]{0, 1, INIT_LEN - 1, INIT_LEN + 1, INIT_LEN + 10}) {
            assertFalse(ResponderHandshake.hasInitShape(init, len), "length " + len);
            assertNull(ResponderHandshake.read(NODE, CHAIN, init, len), "length " + len);
        }
        assertNotNull(ResponderHandshake.read(NODE, CHAIN, init, INIT_LEN));
    }

    // ------------------------------------------------------------------ TransportKeys

    @Test
    void transportKeysDestroyZeroes() {
        Session s = handshake();
        TransportKeys c = s.client().keys();
        assertFalse(c.destroyed());
        assertFalse(s.node().destroyed());
        c.destroy();
        assertTrue(c.destroyed());
        assertFalse(s.node().destroyed(), "one side's destroy does not touch the other's keys");
        TransportKeys t = TransportKeys.of(bytes(1, 32), bytes(2, 32));
        assertFalse(t.destroyed());
        t.destroy();
        assertTrue(t.destroyed());
        t.destroy();
        assertTrue(t.destroyed(), "idempotent");
    }

    @Test
    void transportKeysOfCopiesItsArguments() {
        byte[] send = bytes(1, 32);
        byte[] recv = bytes(2, 32);
        TransportKeys t = TransportKeys.of(send, recv);
        t.destroy();
        assertArrayEquals(bytes(1, 32), send, "destroy must not wipe the caller's arrays");
        assertArrayEquals(bytes(2, 32), recv);
        assertArrayEquals(bytes(1, 32), TransportKeys.of(send, recv).send.getEncoded());
        assertArrayEquals(bytes(2, 32), TransportKeys.of(send, recv).receive.getEncoded());
    }
}
