package atenet.vswitch.udp;

import io.vertx.core.json.JsonObject;

/**
 * One counter per {@link DropReason}. Written only by the data-plane thread; read through
 * {@link #toJson()} on that thread (status requests are posted to it).
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

    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        for (DropReason r : REASONS) {
            o.put(r.jsonName, counts[r.ordinal()]);
        }
        return o;
    }
}
