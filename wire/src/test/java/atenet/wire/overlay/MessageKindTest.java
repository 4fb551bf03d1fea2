package atenet.wire.overlay;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class MessageKindTest {
    private static final byte[] ALL = {MessageKind.INIT, MessageKind.RESPONSE, MessageKind.COOKIE, MessageKind.TRANSPORT,
            MessageKind.CERT_REQUEST, MessageKind.CERT, MessageKind.UNKNOWN_SESSION, MessageKind.PEER_INIT};
    private static final String[] NAMES = {"init", "response", "cookie", "transport", "certRequest", "cert", "unknownSession",
            "peerInit"};

    @Test
    void everyKindIsCurrentVersionDistinctAndNamed() {
        Set<Byte> seen = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < ALL.length; i++) {
            assertTrue(MessageKind.isCurrentVersion(ALL[i]), NAMES[i]);
            assertTrue(seen.add(ALL[i]), "duplicate kind " + NAMES[i]);
            assertEquals(NAMES[i], MessageKind.name(ALL[i]));
            assertTrue(names.add(MessageKind.name(ALL[i])));
        }
    }

    /** RFC 7983 demultiplexing: STUN 0–3, ZRTP 16–19, DTLS 20–63, TURN channels 64–79, RTP/RTCP 128–191. */
    @Test
    void noKindFallsInAForeignProtocolRange() {
        for (byte b : ALL) {
            int v = b & 0xff;
            assertFalse(v <= 0x3f, "STUN/ZRTP/DTLS range: " + v);
            assertFalse(v >= 64 && v <= 79, "TURN channel range: " + v);
            assertFalse(v >= 128 && v <= 191, "RTP range: " + v);
        }
    }

    @Test
    void wireValuesAreStable() {
        assertEquals(1, MessageKind.VERSION);
        assertEquals((byte) 0x51, MessageKind.INIT);
        assertEquals((byte) 0x52, MessageKind.RESPONSE);
        assertEquals((byte) 0x53, MessageKind.COOKIE);
        assertEquals((byte) 0x54, MessageKind.TRANSPORT);
        assertEquals((byte) 0x55, MessageKind.CERT_REQUEST);
        assertEquals((byte) 0x56, MessageKind.CERT);
        assertEquals((byte) 0x57, MessageKind.UNKNOWN_SESSION);
        assertEquals((byte) 0x58, MessageKind.PEER_INIT);
    }

    @Test
    void onlyTheCurrentVersionNibbleIsCurrent() {
        int current = 0;
        for (int b = 0; b < 256; b++) {
            boolean cur = MessageKind.isCurrentVersion((byte) b);
            assertEquals((b & 0xf0) == 0x50, cur, "byte " + b);
            if (cur) {
                current++;
            }
        }
        assertEquals(16, current);
        // STUN binding request / response, a DTLS record, a TURN channel, another version of us
        for (int b : new int[]{0x00, 0x01, 0x16, 0x17, 0x40, 0x4f, 0x60, 0x61, 0x80, 0xff}) {
            assertFalse(MessageKind.isCurrentVersion((byte) b), "byte " + b);
        }
    }

    @Test
    void nameOfForeignAndUnknownBytes() {
        assertEquals("foreign(0x00)", MessageKind.name((byte) 0x00));
        assertEquals("foreign(0x01)", MessageKind.name((byte) 0x01));
        assertEquals("foreign(0x16)", MessageKind.name((byte) 0x16));
        assertEquals("foreign(0x61)", MessageKind.name((byte) 0x61));
        assertEquals("foreign(0xff)", MessageKind.name((byte) 0xff));
        assertEquals("foreign(0x80)", MessageKind.name((byte) 0x80));
        assertEquals("unknown(0x50)", MessageKind.name((byte) 0x50));
        assertEquals("peerInit", MessageKind.name((byte) 0x58));                   // PEER_INIT (issue 6)
        assertEquals("unknown(0x59)", MessageKind.name((byte) 0x59));
        assertEquals("unknown(0x5f)", MessageKind.name((byte) 0x5f));
        for (int b = 0; b < 256; b++) {
            String name = MessageKind.name((byte) b);
            assertFalse(name.isBlank());
            assertEquals(MessageKind.isCurrentVersion((byte) b), !name.startsWith("foreign("), name);
        }
    }

    /**
     * Successor of the old "REJECT type code" and "HELLO type" checks: the clear hint that replaces an
     * unauthenticated REJECT for a lost session is its own kind, distinct from a TRANSPORT packet.
     */
    @Test
    void unknownSessionHintIsItsOwnKind() {
        assertNotEquals(MessageKind.TRANSPORT, MessageKind.UNKNOWN_SESSION);
        assertTrue(MessageKind.isCurrentVersion(MessageKind.UNKNOWN_SESSION));
        assertEquals("unknownSession", MessageKind.name(MessageKind.UNKNOWN_SESSION));
        assertNotEquals(MessageKind.INIT, MessageKind.RESPONSE);
    }
}
