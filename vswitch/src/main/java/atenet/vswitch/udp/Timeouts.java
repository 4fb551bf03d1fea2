package atenet.vswitch.udp;

import java.util.concurrent.TimeUnit;

/** Every timer and budget of the client protocol on the node side, in one place. */
public final class Timeouts {
    /** A client port ends this long after its last authenticated packet. */
    public static final long SESSION_IDLE_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** A handshake the client never confirms (no packet under its keys) is forgotten after this. */
    public static final long HALF_OPEN_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** Keys older than this are never used (WireGuard's Reject-After-Time); clients rekey at 120 s. */
    public static final long REJECT_AFTER_NANOS = TimeUnit.SECONDS.toNanos(180);
    /** How often the data plane sweeps sessions, MAC tables and key expiry. */
    public static final long SWEEP_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Longest the data plane sleeps in select() when idle, so commands and sweeps run. */
    public static final long SELECT_TIMEOUT_MILLIS = 100;
    /** At most this many client ports in total. */
    public static final int MAX_SESSIONS = 16_384;
    /** Unauthenticated UNKNOWN_SESSION hints per second (so the node is no reflector). */
    public static final int REJECTS_PER_SECOND = 50;
    /** Handshakes per second the node spends without asking for cookies; beyond it, it is "under load". */
    public static final int HANDSHAKES_PER_SECOND = 500;
    /** Handshakes per second, cookies or not: the most Diffie-Hellman work the data plane ever does. */
    public static final int HANDSHAKES_HARD_CAP = 2000;
    /** Handshakes per second from one source address (and its burst). */
    public static final int HANDSHAKES_PER_SOURCE = 10;
    public static final int HANDSHAKES_PER_SOURCE_BURST = 20;
    /** Cookie replies per second to one source address. */
    public static final int COOKIES_PER_SOURCE = 5;
    /** Cookie replies per second in all. */
    public static final int COOKIES_PER_SECOND = 1000;
    /** Certificate answers per second. */
    public static final int CERTS_PER_SECOND = 200;
    /** Internal errors are logged (with their stack) at most this often. */
    public static final long INTERNAL_ERROR_LOG_NANOS = TimeUnit.MINUTES.toNanos(1);

    private Timeouts() {
    }
}
