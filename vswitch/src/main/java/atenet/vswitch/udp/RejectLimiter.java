package atenet.vswitch.udp;

/**
 * Token bucket for unauthenticated REJECT answers, so that spoofed HELLOs cannot turn the node
 * into a reflector. Owned by the data-plane thread; time from the caller.
 */
final class RejectLimiter {
    private final double perNano;
    private final double burst;
    private double tokens;
    private long lastNanos;

    RejectLimiter(int perSecond, long nowNanos) {
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
