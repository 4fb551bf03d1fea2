package atenet.vswitch.udp;


/**
 * One counter per {@link DropReason}. Written only by the data-plane thread; read through
 * {@link #snapshot()} on that thread (status requests are posted to it).
 */
public final class DropCounters {
    private static final DropReason[] REASONS = DropReason.values();
    private final long[] counts = new long[REASONS.length];

    public void count(DropReason reason) {
        counts[reason.ordinal()]++;
    }

    public void count(DropReason reason, int n) {
        counts[reason.ordinal()] += n;
    }

    public long get(DropReason reason) {
        return counts[reason.ordinal()];
    }

    /** Every counter by its JSON name, in declaration order (a copy). */
    public java.util.Map<String, Long> snapshot() {
        java.util.Map<String, Long> m = new java.util.LinkedHashMap<>();
        for (DropReason r : REASONS) {
            m.put(r.jsonName, counts[r.ordinal()]);
        }
        return m;
    }

}
