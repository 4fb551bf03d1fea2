package atenet.vswitch.forward;

/**
 * Per-port rate limit on flooded frames (broadcast, multicast, unknown unicast), so that one
 * client's ARP storm or MAC flood cannot starve the others (design.md, "Storm control"). Known
 * unicast is never limited here: it costs one port, a flood costs all of them.
 *
 * <h2>Token bucket, in frames</h2>
 * Each port has a bucket of at most {@code burst} frames that refills at {@code ratePerSecond}
 * frames per second; a flood takes one frame's worth or is dropped (and counted for that port).
 * Defaults: {@value #DEFAULT_RATE_PER_SECOND} frames/s with a burst of {@value #DEFAULT_BURST}
 * frames. That is far above what ARP, DHCP, ND and mDNS of a busy host need (tens per second),
 * and a burst of 2000 absorbs a host waking up and resolving a whole /24, while a storm is
 * held to 1000 frames/s — each of which still costs one send per port of the network.
 *
 * <p>Tokens are kept in fixed point, 10^9 units per frame, so that one nanosecond adds exactly
 * {@code ratePerSecond} units: integer arithmetic, no rounding drift, no overflow (elapsed time
 * is clamped to the time a bucket needs to fill). A port's bucket starts full.
 *
 * <h2>Time</h2>
 * {@code nowNanos} comes from the caller, compared by subtraction; a clock that steps back adds
 * nothing.
 *
 * <h2>Threads</h2>
 * <b>Single-threaded: owned by the data-plane thread of its switch.</b> No locks.
 * HOT PATH: {@link #allow} — no allocation, no logging. COLD PATH: {@link #reset}, getters.
 */
public final class StormControl {
    public static final long DEFAULT_RATE_PER_SECOND = 1000;
    public static final long DEFAULT_BURST = 2000;
    /** Upper bound for {@code burst}, so that burst * 10^9 fits in a long with room to spare. */
    public static final long MAX_BURST = 1_000_000_000L;
    public static final long MAX_RATE_PER_SECOND = 1_000_000_000L;

    private static final long UNITS_PER_FRAME = 1_000_000_000L;

    private final int maxPorts;
    private final long ratePerSecond;
    private final long burst;
    private final long fullUnits;
    /** Time an empty bucket needs to fill; longer gaps are clamped to it. */
    private final long fillNanos;

    private final long[] tokenUnits;
    private final long[] lastRefill;
    /** False until the port's first {@link #allow} after a {@link #reset}: bucket is full. */
    private final boolean[] primed;
    private final long[] dropped;

    /** {@link #DEFAULT_RATE_PER_SECOND} frames/s, burst {@link #DEFAULT_BURST}. */
    public StormControl(int maxPorts) {
        this(maxPorts, DEFAULT_RATE_PER_SECOND, DEFAULT_BURST);
    }

    /**
     * @param maxPorts      port indexes accepted are {@code 0 .. maxPorts-1}
     * @param ratePerSecond sustained flood frames per second per port, 1 .. 10^9
     * @param burst         frames a port may flood back to back after being quiet, 1 .. 10^9
     */
    public StormControl(int maxPorts, long ratePerSecond, long burst) {
        if (maxPorts < 1) {
            throw new IllegalArgumentException("maxPorts must be at least 1, got " + maxPorts);
        }
        if (ratePerSecond < 1 || ratePerSecond > MAX_RATE_PER_SECOND) {
            throw new IllegalArgumentException("storm control rate must be 1 .. 10^9 frames/s, got " + ratePerSecond);
        }
        if (burst < 1 || burst > MAX_BURST) {
            throw new IllegalArgumentException("storm control burst must be 1 .. 10^9 frames, got " + burst);
        }
        this.maxPorts = maxPorts;
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.fullUnits = burst * UNITS_PER_FRAME;
        this.fillNanos = (fullUnits + ratePerSecond - 1) / ratePerSecond;
        this.tokenUnits = new long[maxPorts];
        this.lastRefill = new long[maxPorts];
        this.primed = new boolean[maxPorts];
        this.dropped = new long[maxPorts];
        for (int p = 0; p < maxPorts; p++) {
            tokenUnits[p] = fullUnits;
        }
    }

    /**
     * HOT PATH. Takes one flood frame from {@code port}'s bucket.
     *
     * @return true when the frame may be flooded; false when it must be dropped (counted)
     */
    public boolean allow(int port, long nowNanos) {
        long units = tokenUnits[port];
        if (!primed[port]) {
            primed[port] = true;
            lastRefill[port] = nowNanos;
        } else {
            long elapsed = nowNanos - lastRefill[port];
            if (elapsed > 0) {
                lastRefill[port] = nowNanos;
                if (elapsed >= fillNanos) {
                    units = fullUnits;
                } else {
                    units = Math.min(fullUnits, units + elapsed * ratePerSecond);
                }
            }
        }
        if (units >= UNITS_PER_FRAME) {
            tokenUnits[port] = units - UNITS_PER_FRAME;
            return true;
        }
        tokenUnits[port] = units;
        dropped[port]++;
        return false;
    }

    /** COLD PATH. Gives {@code port} a full bucket and zero drops (a new port at this index). */
    public void reset(int port) {
        checkPort(port);
        tokenUnits[port] = fullUnits;
        primed[port] = false;
        dropped[port] = 0;
    }

    /** Flood frames dropped for {@code port} since its last {@link #reset}. */
    public long dropped(int port) {
        checkPort(port);
        return dropped[port];
    }

    /** Whole frames left in {@code port}'s bucket as of its last {@link #allow}. */
    public long tokens(int port) {
        checkPort(port);
        return tokenUnits[port] / UNITS_PER_FRAME;
    }

    public int maxPorts() {
        return maxPorts;
    }

    public long ratePerSecond() {
        return ratePerSecond;
    }

    public long burst() {
        return burst;
    }

    private void checkPort(int port) {
        if (port < 0 || port >= maxPorts) {
            throw new IllegalArgumentException("port index " + port + " outside 0.." + (maxPorts - 1));
        }
    }
}
