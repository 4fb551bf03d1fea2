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
}
