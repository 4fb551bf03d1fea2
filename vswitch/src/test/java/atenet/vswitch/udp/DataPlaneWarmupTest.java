package atenet.vswitch.udp;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Unit layer: the start-up warm-up joins its throwaway data plane and switches every frame through it. */
class DataPlaneWarmupTest {
    @Test
    void twoThrowawayClientsSwitchEveryFrame() {
        assertTrue(DataPlaneWarmup.run(2000) >= 0, "joined both clients and delivered 2000 frames");
    }
}
