package atenet.vswitch.admin;

import java.util.function.LongSupplier;

/**
 * What /healthz answers: healthy while the data-plane loop keeps turning (its iteration counter moved in the last
 * {@link #STALL_NANOS}; the loop turns at least ten times a second even when idle) and the node admits sessions
 * (no refusal: the chain verifies and does not remove this node).
 *
 * <p>Threading: called on the admin event loop only.
 */
public final class HealthCheck {
    public static final long STALL_NANOS = 3_000_000_000L;
    private final LongSupplier loopIterations;
    private final LongSupplier nanoClock;
    private long lastSeen = Long.MIN_VALUE;
    private long lastMovedNanos;

    /**
     * @param loopIterations the data plane's loop counter (a volatile read)
     * @param nanoClock      monotonic time
     */
    public HealthCheck(LongSupplier loopIterations, LongSupplier nanoClock) {
        this.loopIterations = loopIterations;
        this.nanoClock = nanoClock;
        this.lastMovedNanos = nanoClock.getAsLong();
    }

    /** Notes the counter (call it every second and on every check). */
    public void observe() {
        long v = loopIterations.getAsLong();
        if (v != lastSeen) {
            lastSeen = v;
            lastMovedNanos = nanoClock.getAsLong();
        }
    }

    /**
     * @param refusal the chain's refusal (null while the node admits sessions)
     * @return null when healthy, else one line saying why not
     */
    public String problem(String refusal) {
        observe();
        long still = nanoClock.getAsLong() - lastMovedNanos;
        if (still >= STALL_NANOS) {
            return "data plane stuck or dead: its loop has not turned for " + still / 1_000_000 + " ms";
        }
        return refusal == null ? null : "refusing sessions: " + refusal;
    }
}
