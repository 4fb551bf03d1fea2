package atenet.sim;

/** The simulation's one clock: monotonic nanoseconds and wall-clock millis move together, only when told. */
public final class SimClock {
    private long nanos = 1_000_000_000L;
    private long millis = 1_800_000_000_000L;

    public long nanos() {
        return nanos;
    }

    public long millis() {
        return millis;
    }

    public void advanceMillis(long ms) {
        nanos += ms * 1_000_000L;
        millis += ms;
    }
}
