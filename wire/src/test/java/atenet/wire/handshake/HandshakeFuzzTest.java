package atenet.wire.handshake;

import atenet.wire.crypto.X25519Keys;
import atenet.wire.overlay.MessageKind;
import atenet.wire.overlay.OverlayCodec;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.SplittableRandom;

import static atenet.wire.handshake.HandshakeLayout.*;

/**
 * Layer: fuzz (docs/testing.md "Fuzzing"). Both sides of the handshake on hostile bytes, as the data plane
 * calls them: a receive buffer and a received length {@code 0 ≤ len ≤ buffer length}. Besides raw bytes,
 * most inputs are "sealed-but-hostile": a genuine message with fuzzer bytes spliced in at a fuzzer offset
 * and mac1 recomputed, so they pass the cheap checks and reach the Noise code. Keys and ephemerals are
 * deterministic so that a saved input replays the same way.
 */
class HandshakeFuzzTest {
    private static byte[] bytes(long seed, int n) {
        byte[] b = new byte[n];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    /** A SecureRandom that repeats: the fuzzer's inputs must replay. */
    static final class Det extends SecureRandom {
        private final SplittableRandom r;

        Det(long seed) {
            r = new SplittableRandom(seed);
        }

        @Override
        public void nextBytes(byte[] b) {
            r.nextBytes(b);
        }
    }

    private static final byte[] CLIENT = bytes(1, 32);
    private static final byte[] CLIENT_PUB = X25519Keys.publicOf(CLIENT);
    private static final byte[] NODE = bytes(2, 32);
    private static final byte[] NODE_PUB = X25519Keys.publicOf(NODE);
    private static final byte[] CHAIN = bytes(4, 32);
    private static final byte[] NETWORK = bytes(5, 16);
    private static final byte[] TIMESTAMP = Tai64n.of(1_764_000_000_000L, 0);
    private static final int CLIENT_INDEX = 0x8a0b0c0d;
    private static final int NODE_INDEX = 0x01020304;
    private static final byte[] NODE_MAC1_KEY = HandshakeMacs.mac1Key(NODE_PUB);
    private static final byte[] CLIENT_MAC1_KEY = HandshakeMacs.mac1Key(CLIENT_PUB);
    private static final byte[] COOKIE = bytes(6, 16);
    private static final byte[] COOKIE_KEY = HandshakeMacs.cookieKey(NODE_PUB);
    private static final byte[] VALID_INIT = new byte[INIT_LEN];
    private static final byte[] VALID_INIT_MAC1;

    static {
        InitiatorHandshake ini = new InitiatorHandshake(CLIENT, NODE_PUB, CHAIN, NETWORK, CLIENT_INDEX, TIMESTAMP, new Det(7));
        ini.writeInit(VALID_INIT, null);
        VALID_INIT_MAC1 = ini.mac1();
    }

    private static int lenOf(int hint, byte[] buf) {
        return buf.length == 0 ? 0 : Math.floorMod(hint, buf.length + 1);
    }

    /** Copies fuzzer bytes over {@code msg[off .. end)} (as many as there are). */
    private static void splice(byte[] msg, int off, int end, byte[] with) {
        System.arraycopy(with, 0, msg, off, Math.min(with.length, end - off));
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }

    /**
     * The node's INIT pipeline (shape → mac1 → mac2 → Noise) on raw bytes or on a genuine INIT with bytes
     * spliced before mac1 (mac1, and mac2 when the input says so, recomputed). Never throws; a spliced INIT
     * passes the cheap checks; {@link ResponderHandshake#read} accepts exactly the INITs whose Noise bytes
     * are the genuine ones, and what it accepts has a 16-byte network id and a 12-byte timestamp.
     */
    @FuzzTest(maxDuration = "60s")
    void responderReadsHostileInit(FuzzedDataProvider data) {
        int mode = data.consumeInt(0, 2);
        boolean withMac2 = data.consumeBoolean();
        byte[] msg;
        int len;
        if (mode == 0) {
            int hint = data.consumeInt();
            msg = data.consumeRemainingAsBytes();
            len = lenOf(hint, msg);
        } else {
            msg = VALID_INIT.clone();
            len = INIT_LEN;
            int off = data.consumeInt(0, INIT_OFFSET_MAC1 - 1);
            byte[] with = mode == 1 ? data.consumeBytes(4) : data.consumeRemainingAsBytes();
            splice(msg, off, INIT_OFFSET_MAC1, with);
            HandshakeMacs.writeMac(NODE_MAC1_KEY, msg, INIT_OFFSET_MAC1);
            if (withMac2) {
                HandshakeMacs.writeMac(COOKIE, msg, INIT_OFFSET_MAC2);
            }
        }
        boolean shape = ResponderHandshake.hasInitShape(msg, len);
        if (shape) {
            boolean mac1 = ResponderHandshake.checkMac1(NODE_MAC1_KEY, msg);
            boolean mac2 = ResponderHandshake.checkMac2(COOKIE, msg);
            if (mode != 0) {
                check(mac1, "a spliced INIT with a recomputed mac1 fails mac1");
                check(mac2 == withMac2, "mac2 " + mac2 + " but written " + withMac2);
            }
        }
        ResponderHandshake r = ResponderHandshake.read(NODE, CHAIN, msg, len);
        boolean genuineNoise = len == INIT_LEN
                && Arrays.equals(msg, INIT_OFFSET_NOISE, INIT_OFFSET_MAC1, VALID_INIT, INIT_OFFSET_NOISE, INIT_OFFSET_MAC1);
        if (r == null) {
            check(!(shape && genuineNoise), "a genuine INIT (Noise bytes untouched) was not read");
            return;
        }
        check(shape, "read accepted an INIT without the INIT shape");
        check(genuineNoise, "read accepted an INIT whose Noise bytes the initiator did not write");
        check(r.networkId().length == NETWORK_ID_LEN && r.timestamp().length == Tai64n.LEN, "field lengths");
        check(Arrays.equals(r.networkId(), NETWORK) && Arrays.equals(r.timestamp(), TIMESTAMP)
                && Arrays.equals(r.initiatorStatic(), CLIENT_PUB), "read returned other fields than were sealed");
        check(r.initiatorIndex() == OverlayCodec.getInt(msg, INIT_OFFSET_SENDER) && r.initiatorIndex() != 0,
                "initiator index");
    }

    /**
     * The initiator's {@link InitiatorHandshake#readResponse} on hostile RESPONSE-shaped bytes (kind and
     * receiver index the attempt's, mac1 valid: random bytes, or the genuine answer with bytes spliced in), or
     * raw bytes of any length, before the genuine answer (accepting, or refusing with any reason). Never
     * throws; a hostile answer is taken only when its Noise bytes are the genuine ones (the sender index and
     * mac2 are outside Noise, as in WireGuard); a refusal is never reported as accepted; after a hostile
     * answer that was dropped, the genuine one still completes with the node's keys.
     */
    @FuzzTest(maxDuration = "60s")
    void initiatorReadsHostileResponse(FuzzedDataProvider data) {
        long seed = data.consumeLong();
        int mode = data.consumeInt(0, 2);
        int refusal = data.consumeBoolean() ? 0 : data.consumeInt(1, 255);
        InitiatorHandshake ini = new InitiatorHandshake(CLIENT, NODE_PUB, CHAIN, NETWORK, CLIENT_INDEX, TIMESTAMP,
                new Det(seed));
        byte[] init = new byte[INIT_LEN];
        ini.writeInit(init, null);
        ResponderHandshake r = ResponderHandshake.read(NODE, CHAIN, init, INIT_LEN);
        check(r != null, "the node does not read a genuine INIT");
        byte[] genuine = new byte[RESP_LEN];
        TransportKeys nodeKeys = null;
        if (refusal == 0) {
            nodeKeys = r.accept(NODE_INDEX, 1380, new Det(~seed), genuine);
        } else {
            r.refuse(refusal, new Det(~seed), genuine);
        }

        byte[] hostile;
        int len;
        if (mode == 2) {
            int hint = data.consumeInt();
            hostile = data.consumeRemainingAsBytes();
            len = lenOf(hint, hostile);
        } else {
            if (mode == 0) {
                hostile = Arrays.copyOf(data.consumeRemainingAsBytes(), RESP_LEN);
            } else {
                hostile = genuine.clone();
                int off = data.consumeInt(0, RESP_LEN - 1);
                splice(hostile, off, RESP_LEN, data.consumeRemainingAsBytes());
            }
            len = RESP_LEN;
            hostile[0] = MessageKind.RESPONSE;
            OverlayCodec.putInt(hostile, RESP_OFFSET_RECEIVER, CLIENT_INDEX);
            HandshakeMacs.writeMac(CLIENT_MAC1_KEY, hostile, RESP_OFFSET_MAC1);
        }
        boolean genuineNoise = len == RESP_LEN && Arrays.equals(hostile, RESP_OFFSET_NOISE, RESP_OFFSET_MAC1,
                genuine, RESP_OFFSET_NOISE, RESP_OFFSET_MAC1);
        InitiatorHandshake.Response h = ini.readResponse(hostile, len);
        if (h != null) {
            check(genuineNoise, "the initiator took a RESPONSE the responder did not write (mode " + mode + ")");
            checkAnswer(h, refusal, nodeKeys, OverlayCodec.getInt(hostile, RESP_OFFSET_SENDER));
            check(ini.readResponse(genuine, RESP_LEN) == null, "an attempt answered twice");
            return;
        }
        check(!(mode != 2 && genuineNoise), "a RESPONSE with the genuine Noise bytes and a valid mac1 was dropped");
        InitiatorHandshake.Response g = ini.readResponse(genuine, RESP_LEN);
        check(g != null, "the genuine RESPONSE no longer completes after a hostile one (mode " + mode + ")");
        checkAnswer(g, refusal, nodeKeys, NODE_INDEX);
    }

    private static void checkAnswer(InitiatorHandshake.Response a, int refusal, TransportKeys nodeKeys, int sender) {
        if (refusal != 0) {
            check(!a.accepted() && a.keys() == null && a.status() == refusal,
                    "a refusal (" + refusal + ") read as " + a);
            return;
        }
        if (sender == 0) {
            check(!a.accepted() && a.keys() == null, "an answer with sender index 0 made a session");
            return;
        }
        check(a.accepted() && a.remoteIndex() == sender && a.advisedMtu() == 1380, "accepting answer read as " + a);
        check(Arrays.equals(a.keys().send.getEncoded(), nodeKeys.receive.getEncoded())
                && Arrays.equals(a.keys().receive.getEncoded(), nodeKeys.send.getEncoded()), "keys differ from the node's");
    }

    /**
     * {@link HandshakeMacs#openCookieReply} on raw bytes (any length, any AAD) or on a genuine COOKIE with
     * bytes spliced in: never throws; returns a cookie only when the nonce and sealed bytes and the AAD are the
     * genuine ones (kind and receiver index are not sealed), and then the node's cookie.
     */
    @FuzzTest(maxDuration = "60s")
    void cookieReply(FuzzedDataProvider data) {
        int mode = data.consumeInt(0, 1);
        byte[] mac1 = switch (data.consumeInt(0, 3)) {
            case 0 -> null;
            case 1 -> data.consumeBytes(data.consumeInt(0, 32));
            default -> VALID_INIT_MAC1.clone();
        };
        byte[] msg;
        int len;
        byte[] genuine = new byte[COOKIE_LEN];
        HandshakeMacs.writeCookieReply(genuine, CLIENT_INDEX, bytes(8, COOKIE_NONCE_LEN), COOKIE, COOKIE_KEY, VALID_INIT_MAC1);
        if (mode == 0) {
            int hint = data.consumeInt();
            msg = data.consumeRemainingAsBytes();
            len = lenOf(hint, msg);
        } else {
            msg = genuine.clone();
            len = COOKIE_LEN;
            int off = data.consumeInt(0, COOKIE_LEN - 1);
            splice(msg, off, COOKIE_LEN, data.consumeRemainingAsBytes());
        }
        byte[] cookie = HandshakeMacs.openCookieReply(msg, len, COOKIE_KEY, mac1);
        boolean genuineSealed = len == COOKIE_LEN && Arrays.equals(mac1, VALID_INIT_MAC1)
                && Arrays.equals(msg, COOKIE_OFFSET_NONCE, COOKIE_LEN, genuine, COOKIE_OFFSET_NONCE, COOKIE_LEN);
        if (cookie == null) {
            check(!genuineSealed, "a genuine cookie reply does not open");
            return;
        }
        check(genuineSealed, "a cookie reply opened that the node did not seal");
        check(Arrays.equals(cookie, COOKIE), "opened another cookie than was sealed");
    }
}
