package atenet.it.netns;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Unique names for everything the ITs create in the kernel: one random prefix per test JVM
 * ({@code atn-1a2b-}), then a counter. Cleanup only ever touches names with this run's prefix.
 */
public final class Names {
    /** e.g. "atn-1a2b-": 9 characters, so interface names stay within IFNAMSIZ (15). */
    public static final String RUN_PREFIX = "atn-" + HexFormat.of().formatHex(randomBytes(2)) + "-";
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private Names() {
    }

    /** Next unique short id within this run (1, 2, ...). */
    public static int next() {
        return COUNTER.incrementAndGet();
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }
}
