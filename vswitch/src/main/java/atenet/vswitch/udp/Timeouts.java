package atenet.vswitch.udp;

import java.util.concurrent.TimeUnit;

/** Every timer of the UDP client protocol on the node side, in one place. */
public final class Timeouts {
    /** A confirmed client session ends this long after its last authenticated packet. */
    public static final long SESSION_IDLE_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** A session whose handshake was never confirmed by the client ends after this. */
    public static final long HALF_OPEN_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** How often the data plane sweeps sessions, MAC tables and key expiry. */
    public static final long SWEEP_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Longest the data plane sleeps in select() when idle, so commands and sweeps run. */
    public static final long SELECT_TIMEOUT_MILLIS = 100;
    /** At most this many sessions per access key (one user, a few restarts); the oldest goes. */
    public static final int MAX_SESSIONS_PER_KEY = 4;
    /** At most this many sessions in total. */
    public static final int MAX_SESSIONS = 16_384;
    /** Unauthenticated REJECT answers per second (so the node is no reflector). */
    public static final int REJECTS_PER_SECOND = 50;
    /**
     * HELLO attempts (packets of no known session, with a known network and a valid key) the node tries to
     * open per second; more are counted drops. Guards the HKDF + AES-GCM work of that path.
     */
    public static final int HELLOS_PER_SECOND = 2000;

    private Timeouts() {
    }
}
