package atenet.vswitch.admin;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;

/** Layer: unit (fake loop counter and clock). */
class HealthCheckTest {
    final AtomicLong loops = new AtomicLong();
    final AtomicLong now = new AtomicLong(5_000_000_000L);
    final HealthCheck health = new HealthCheck(loops::get, now::get);

    @Test
    void healthyWhileTheLoopTurns() {
        for (int i = 0; i < 10; i++) {
            now.addAndGet(1_000_000_000L);
            loops.incrementAndGet();
            health.observe();
            assertNull(health.problem(null));
        }
    }

    @Test
    void aLoopStillForThreeSecondsIsStuck() {
        health.observe();
        now.addAndGet(2_900_000_000L);
        assertNull(health.problem(null));
        now.addAndGet(200_000_000L);
        assertEquals("data plane stuck or dead: its loop has not turned for 3100 ms", health.problem(null));
        loops.incrementAndGet();
        assertNull(health.problem(null), "healthy again as soon as it turns");
    }

    @Test
    void aRefusingNodeIsUnhealthy() {
        assertEquals("refusing sessions: the chain no longer verifies: x", health.problem("the chain no longer verifies: x"));
    }
}
