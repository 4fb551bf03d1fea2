package atenet.vswitch.udp;

/**
 * A token bucket of {@code perSecond} with a burst of as many, for the data plane's cold paths: unauthenticated
 * REJECT answers (so spoofed HELLOs cannot turn the node into a reflector) and HELLO processing (HKDF and a
 * GCM open per attempt, so a flood of packets with a known key id cannot eat the data plane's CPU). Owned by
 * the data-plane thread; time from the caller.
 */
final class TokenBucket {
    private final double perNano;
    private final double burst;
    private double tokens;
    private long lastNanos;

    TokenBucket(int perSecond, long nowNanos) {
        this.perNano = perSecond / 1e9;
        this.burst = perSecond;
        this.tokens = perSecond;
        this.lastNanos = nowNanos;
    }

    boolean tryAcquire(long nowNanos) {
        tokens = Math.min(burst, tokens + (nowNanos - lastNanos) * perNano);
        lastNanos = nowNanos;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
