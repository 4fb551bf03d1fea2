package atenet.vswitch.peer;

import java.util.concurrent.TimeUnit;

/**
 * Every timer of the peer links, in one place (the client protocol's are in {@code atenet.vswitch.udp.Timeouts},
 * whose {@code HALF_OPEN_NANOS} and {@code REJECT_AFTER_NANOS} peer sessions share).
 */
public final class PeerTimeouts {
    /** A peer link that sent nothing for this long sends a KEEPALIVE (both sides do: no answer is needed). */
    public static final long KEEPALIVE_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** A peer heard from (any authenticated packet) no more recently than this is dead: its port is detached. */
    public static final long DEAD_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** The dialling side starts a new handshake this long after a session began (as clients: WireGuard's timer). */
    public static final long REKEY_AFTER_NANOS = TimeUnit.SECONDS.toNanos(120);
    /** The first retry of an unanswered or refused handshake; each next one waits twice as long, up to the cap. */
    public static final long RETRY_FIRST_NANOS = TimeUnit.SECONDS.toNanos(1);
    public static final long RETRY_MAX_NANOS = TimeUnit.SECONDS.toNanos(8);
    /** Up to this fraction of a retry delay is added at random, so that nodes restarted together do not dial in step. */
    public static final double RETRY_JITTER = 0.10;
    /** How often the data plane runs the peer timers. */
    public static final long TIMER_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** A cookie (mac2) from a peer under load is used this long (its secret is replaced every 120 s). */
    public static final long COOKIE_VALID_NANOS = TimeUnit.SECONDS.toNanos(110);
    /** An UNKNOWN_SESSION hint makes the dialling side handshake at once, at most this often. */
    public static final long HINT_REDIAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private PeerTimeouts() {
    }
}
