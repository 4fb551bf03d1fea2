package atenet.tapclient;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Unit: TAP MTU computation. */
class MtuPolicyTest {
    @Test
    void defaultIsTheUnderlayLimitOrTheNodesAdviceWhicheverIsSmaller() {
        // 1500 - 28 (IPv4 + UDP) - 30 (overlay: 13 header + 1 type + 16 tag) - 14 (Ethernet) = 1428; IPv6: 48 -> 1408
        assertEquals(1428, MtuPolicy.maxFor(false));
        assertEquals(1408, MtuPolicy.maxFor(true));
        assertEquals(1428, MtuPolicy.effective(0, false, 0));
        assertEquals(1408, MtuPolicy.effective(0, true, 0));
        assertEquals(1300, MtuPolicy.effective(0, false, 1300));
        assertEquals(1428, MtuPolicy.effective(0, false, 9000));
        assertEquals(1408, MtuPolicy.effective(0, true, 1428));
    }

    @Test
    void overrideWinsAndWarnsAboveTheMaximum() {
        assertEquals(1500, MtuPolicy.effective(1500, false, 1300));
        assertNull(MtuPolicy.checkOverride(1428, false));
        assertNull(MtuPolicy.checkOverride(1408, true));
        assertNotNull(MtuPolicy.checkOverride(1420, true));
        assertNotNull(MtuPolicy.checkOverride(1429, false));
        assertNotNull(MtuPolicy.checkOverride(1500, false));
        assertThrows(IllegalArgumentException.class, () -> MtuPolicy.checkOverride(67, false));
        assertThrows(IllegalArgumentException.class, () -> MtuPolicy.checkOverride(MtuPolicy.MAX_MTU + 1, false));
    }
}
