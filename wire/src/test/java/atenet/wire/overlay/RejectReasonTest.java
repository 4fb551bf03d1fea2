package atenet.wire.overlay;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class RejectReasonTest {
    @Test
    void codesAreUniqueAndRoundTripThroughOf() {
        Set<Integer> codes = new HashSet<>();
        for (RejectReason r : RejectReason.values()) {
            assertTrue(codes.add(r.code), "duplicate code " + r.code);
            assertTrue(r.code >= 0 && r.code <= 255, "code must fit the 1-byte field");
            assertSame(r, RejectReason.of(r.code));
            assertFalse(r.message.isBlank());
        }
    }

    @Test
    void unknownCodesMapToNone() {
        assertSame(RejectReason.NONE, RejectReason.of(-1));
        int unused = RejectReason.values().length;
        while (RejectReason.of(unused) != RejectReason.NONE) {
            unused++;
        }
        assertTrue(unused < 256);
        assertSame(RejectReason.NONE, RejectReason.of(200));
        assertSame(RejectReason.NONE, RejectReason.of(255));
        assertSame(RejectReason.NONE, RejectReason.of(Integer.MAX_VALUE));
    }

    @Test
    void finality() {
        EnumSet<RejectReason> fin = EnumSet.of(RejectReason.UNKNOWN_NETWORK, RejectReason.UNKNOWN_KEY,
                RejectReason.REVOKED, RejectReason.EXPIRED, RejectReason.BAD_AUTH);
        for (RejectReason r : RejectReason.values()) {
            assertEquals(fin.contains(r), r.isFinal(), r.name());
        }
    }

    /** The code is a wire value (RESPONSE status, BYE payload): the numbers must not drift. */
    @Test
    void codesAreStable() {
        assertEquals(0, RejectReason.NONE.code);
        assertEquals(1, RejectReason.UNKNOWN_NETWORK.code);
        assertEquals(2, RejectReason.UNKNOWN_KEY.code);
        assertEquals(3, RejectReason.REVOKED.code);
        assertEquals(4, RejectReason.EXPIRED.code);
        assertEquals(5, RejectReason.BAD_AUTH.code);
        assertEquals(6, RejectReason.NODE_SHUTDOWN.code);
        assertEquals(7, RejectReason.CLIENT_SHUTDOWN.code);
        assertEquals(8, RejectReason.TOO_MANY_SESSIONS.code);
        assertEquals(9, RejectReason.UNKNOWN_SESSION.code);
        assertEquals(10, RejectReason.NOT_SERVING.code);
        assertEquals(11, RejectReason.STALE_HANDSHAKE.code);
        assertEquals(12, RejectReason.values().length);
    }

    /** NONE is 0 = the accepting status of a RESPONSE: a refusal must use any other code. */
    @Test
    void noneSharesItsCodeWithTheAcceptingStatus() {
        assertEquals(atenet.wire.handshake.HandshakeLayout.STATUS_OK, RejectReason.NONE.code);
        for (RejectReason r : RejectReason.values()) {
            if (r != RejectReason.NONE) {
                assertNotEquals(atenet.wire.handshake.HandshakeLayout.STATUS_OK, r.code, r.name());
            }
        }
    }
}
