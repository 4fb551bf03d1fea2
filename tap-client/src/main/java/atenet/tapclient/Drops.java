package atenet.tapclient;

import java.util.concurrent.atomic.AtomicLongArray;

/** Counted drops, one counter per reason. Never a log line per packet. */
public final class Drops {
    public enum Reason {
        MALFORMED, WRONG_NETWORK, UNKNOWN_KEY, WRONG_SESSION, BAD_AUTH, REPLAY, UNKNOWN_TYPE, NOT_JOINED,
        OVERSIZE, SEND_FAILED, RECEIVE_FAILED, TAP_WRITE_FAILED, STRAY_REJECT
    }

    private final AtomicLongArray counts = new AtomicLongArray(Reason.values().length);

    public void count(Reason r) {
        counts.incrementAndGet(r.ordinal());
    }

    public void count(Reason r, int n) {
        counts.addAndGet(r.ordinal(), n);
    }

    public long get(Reason r) {
        return counts.get(r.ordinal());
    }

    public long total() {
        long t = 0;
        for (int i = 0; i < counts.length(); i++) {
            t += counts.get(i);
        }
        return t;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("drops:");
        for (Reason r : Reason.values()) {
            long v = get(r);
            if (v != 0) {
                sb.append(' ').append(r.name().toLowerCase()).append('=').append(v);
            }
        }
        return sb.length() == 6 ? "drops: none" : sb.toString();
    }
}
