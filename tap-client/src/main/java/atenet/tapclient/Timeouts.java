package atenet.tapclient;

import java.util.concurrent.TimeUnit;

/** All protocol timer constants of the client, in nanoseconds. */
public final class Timeouts {
    /** First handshake (CERT_REQUEST or INIT) retry; doubles each round. */
    public static final long HANDSHAKE_RETRY_FIRST = TimeUnit.SECONDS.toNanos(1);
    /** Cap of the handshake retry interval. */
    public static final long HANDSHAKE_RETRY_MAX = TimeUnit.SECONDS.toNanos(30);
    /** +-20 % random spread on every retransmit interval, so that many clients do not retry in step. */
    public static final double JITTER = 0.20;
    /**
     * A new handshake this long after a session started (WireGuard's Rekey-After-Time): 120 s. Env
     * {@code ATENET_REKEY_AFTER_SECONDS} (1..120) shortens it, for tests that watch rekeys under traffic.
     */
    public static final long REKEY_AFTER = TimeUnit.SECONDS.toNanos(rekeySeconds(System.getenv("ATENET_REKEY_AFTER_SECONDS")));
    /** ... or after this many packets under one session's keys (WireGuard's Rekey-After-Messages). */
    public static final long REKEY_AFTER_MESSAGES = 1L << 60;
    /** After a rekey, packets under the previous keys are still accepted this long. */
    public static final long KEEP_PREVIOUS = TimeUnit.SECONDS.toNanos(15);
    /** A cookie from the node is used for this long (the node rotates its secret every 120 s). */
    public static final long COOKIE_VALID = TimeUnit.SECONDS.toNanos(110);
    /** A KEEPALIVE every 15 s while joined (the node keeps an idle session 60 s). */
    public static final long KEEPALIVE_INTERVAL = TimeUnit.SECONDS.toNanos(15);
    /** Nothing authenticated from the node for this long: the session is dead, handshake again. */
    public static final long SESSION_DEAD = TimeUnit.SECONDS.toNanos(45);
    /**
     * Fast failover: when this client sent frames and has heard nothing for this long, it asks the node
     * (KEEPALIVE, answered by KEEPALIVE_ACK) once per PROBE_INTERVAL...
     */
    public static final long PROBE_AFTER = TimeUnit.SECONDS.toNanos(1);
    public static final long PROBE_INTERVAL = TimeUnit.SECONDS.toNanos(1);
    /** ... and after this long without an answer while probing, the node is taken for dead: the next node is tried. */
    public static final long PROBED_DEAD = TimeUnit.MILLISECONDS.toNanos(2500);
    /** Period of the timer thread's tick. */
    public static final long TICK_MILLIS = 100;
    /** How long the TAP reader waits in poll() before it checks for shutdown. */
    public static final int TAP_POLL_MILLIS = 300;

    private Timeouts() {
    }

    static long rekeySeconds(String env) {
        try {
            long v = env == null ? 120 : Long.parseLong(env.trim());
            return v >= 1 && v <= 120 ? v : 120;
        } catch (NumberFormatException e) {
            return 120;
        }
    }
}
