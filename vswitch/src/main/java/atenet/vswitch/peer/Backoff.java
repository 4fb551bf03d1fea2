package atenet.vswitch.peer;

import java.util.random.RandomGenerator;

/**
 * Capped exponential backoff with jitter for re-dialling a peer (after VpnCloud's reconnect_to_peers and
 * wireguard-go's rekey jitter): {@code first}, then twice as long each time, never more than {@code max}, each delay
 * plus up to {@link PeerTimeouts#RETRY_JITTER} of itself at random. {@link #reset()} after a handshake succeeded.
 * Owned by the data-plane thread.
 */
final class Backoff {
    private final long first;
    private final long max;
    private long next;

    Backoff(long firstNanos, long maxNanos) {
        if (firstNanos <= 0 || maxNanos < firstNanos) {
            throw new IllegalArgumentException("need 0 < first <= max, got " + firstNanos + ", " + maxNanos);
        }
        this.first = firstNanos;
        this.max = maxNanos;
        this.next = firstNanos;
    }

    /** The delay before the next attempt (with jitter); the one after it doubles, up to the cap. */
    long next(RandomGenerator random) {
        long d = next;
        next = Math.min(max, next * 2);
        return d + (long) (d * PeerTimeouts.RETRY_JITTER * random.nextDouble());
    }

    void reset() {
        next = first;
    }
}
