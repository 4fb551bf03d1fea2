package atenet.tapclient;

import java.util.concurrent.TimeUnit;

/** All protocol timer constants of the client, in nanoseconds. */
public final class Timeouts {
    /** First HELLO retransmit; doubles each round. */
    public static final long HELLO_RETRY_FIRST = TimeUnit.SECONDS.toNanos(1);
    /** Cap of the HELLO retransmit interval. */
    public static final long HELLO_RETRY_MAX = TimeUnit.SECONDS.toNanos(30);
    /** +-20 % random spread on every retransmit interval, so that many clients do not retry in step. */
    public static final double JITTER = 0.20;
    /** A KEEPALIVE every 15 s while joined (the node keeps an idle session 60 s). */
    public static final long KEEPALIVE_INTERVAL = TimeUnit.SECONDS.toNanos(15);
    /** Nothing authenticated from the node for this long: the session is dead, handshake again. */
    public static final long SESSION_DEAD = TimeUnit.SECONDS.toNanos(45);
    /** Period of the timer thread's tick. */
    public static final long TICK_MILLIS = 100;
    /** How long the TAP reader waits in poll() before it checks for shutdown. */
    public static final int TAP_POLL_MILLIS = 300;

    private Timeouts() {
    }
}
