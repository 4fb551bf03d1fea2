package atenet.vswitch.udp;

import java.net.InetAddress;

/**
 * Handshake budgets per source address: a direct-mapped table of {@link #SLOTS} token buckets indexed by a
 * keyed hash of the source IP (ports ignored: one host, one budget). A flood from one address empties only
 * its own slot, so it cannot hold back handshakes from other addresses (a colliding address shares a slot
 * with probability 1/{@link #SLOTS}). Spoofed floods never reach this table under load: the
 * {@link HandshakeGate} asks for a cookie (mac2) first, which a spoofer cannot receive.
 *
 * <p>Owned by the data-plane thread; no allocation per check.
 */
final class SourceBudget {
    static final int SLOTS = 4096;
    private final double perNano;
    private final double burst;
    private final double[] tokens = new double[SLOTS];
    private final long[] last = new long[SLOTS];
    private final long hashKey;

    SourceBudget(int perSecond, int burst, long hashKey) {
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.hashKey = hashKey | 1;
        java.util.Arrays.fill(tokens, burst);
    }

    boolean tryAcquire(InetAddress source, long nowNanos) {
        int slot = slot(source);
        double t = Math.min(burst, tokens[slot] + (nowNanos - last[slot]) * perNano);
        last[slot] = nowNanos;
        if (t >= 1) {
            tokens[slot] = t - 1;
            return true;
        }
        tokens[slot] = t;
        return false;
    }

    int slot(InetAddress source) {
        byte[] a = source.getAddress();
        long h = hashKey;
        for (byte b : a) {
            h = (h ^ (b & 0xff)) * 0x9E3779B97F4A7C15L;
        }
        return (int) (h >>> 52) & (SLOTS - 1);
    }
}
