package atenet.vswitch.peer;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** Layer: unit. The redial delays of a dead peer: 1 s, 2 s, 4 s, 8 s, 8 s … plus at most 10 % jitter; reset to 1 s. */
class BackoffTest {
    private static final long S = TimeUnit.SECONDS.toNanos(1);

    @Test
    void doublesUpToTheCapWithBoundedJitterAndResets() {
        Backoff b = new Backoff(PeerTimeouts.RETRY_FIRST_NANOS, PeerTimeouts.RETRY_MAX_NANOS);
        SplittableRandom r = new SplittableRandom(42);
        long[] base = {S, 2 * S, 4 * S, 8 * S, 8 * S, 8 * S};
        for (long expected : base) {
            long d = b.next(r);
            assertTrue(d >= expected && d <= expected + expected / 10, d + " not in [" + expected + ", +10%]");
        }
        b.reset();
        long d = b.next(r);
        assertTrue(d >= S && d <= S + S / 10, "back to the first delay: " + d);
    }

    @Test
    void refusesNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(0, S));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(2 * S, S));
    }
}
