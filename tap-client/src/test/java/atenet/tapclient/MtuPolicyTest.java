package atenet.tapclient;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Unit: TAP MTU computation. */
class MtuPolicyTest {
    @Test
    void defaultIsTheUnderlayLimitOrTheNodesAdviceWhicheverIsSmaller() {
        assertEquals(1401, MtuPolicy.maxFor(false));
        assertEquals(1381, MtuPolicy.maxFor(true));
        assertEquals(1401, MtuPolicy.effective(0, false, 0));
        assertEquals(1381, MtuPolicy.effective(0, true, 0));
        assertEquals(1300, MtuPolicy.effective(0, false, 1300));
        assertEquals(1401, MtuPolicy.effective(0, false, 9000));
        assertEquals(1381, MtuPolicy.effective(0, true, 1401));
    }

    @Test
    void overrideWinsAndWarnsAboveTheMaximum() {
        assertEquals(1500, MtuPolicy.effective(1500, false, 1300));
        assertNull(MtuPolicy.checkOverride(1400, false));
        assertNotNull(MtuPolicy.checkOverride(1400, true));
        assertNotNull(MtuPolicy.checkOverride(1500, false));
        assertThrows(IllegalArgumentException.class, () -> MtuPolicy.checkOverride(67, false));
        assertThrows(IllegalArgumentException.class, () -> MtuPolicy.checkOverride(MtuPolicy.MAX_MTU + 1, false));
    }
}
