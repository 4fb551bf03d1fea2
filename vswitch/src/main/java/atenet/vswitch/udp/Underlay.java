package atenet.vswitch.udp;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * Where the data plane's datagrams come from and go to: the node's UDP socket ({@link NodeSocket}, with
 * GRO/GSO batching on Linux) or an in-memory network for simulations that run many nodes and clients in one
 * JVM without sleeps (after wireguard-go's conn.Bind and Nebula's udp.Conn).
 *
 * <p>Owned by the data-plane thread (or by the simulator that steps it), except {@link #wakeup}.
 */
public interface Underlay extends AutoCloseable {
    /** Gets each received datagram, in {@code pkt[0 .. len)}; HOT PATH. */
    interface Receiver {
        void onDatagram(int len, InetSocketAddress from, long nowNanos);
    }

    InetSocketAddress localAddress() throws IOException;

    /** Hands up to {@code max} waiting datagrams to {@code receiver}, one at a time, in {@code pkt}; never blocks. HOT PATH. */
    int drain(byte[] pkt, Receiver receiver, int max, long nowNanos) throws IOException;

    /** The local address (IPv6 halves; 0/0 unknown) the datagram being handled was sent to: replies leave from it. */
    long localHi();

    long localLo();

    /** Sends (or queues for the end of the batch) {@code pkt[0 .. len)} to {@code to}. HOT PATH. */
    void send(byte[] pkt, int len, InetSocketAddress to, long srcHi, long srcLo);

    /** The end of a batch: sends whatever is queued. */
    void flush();

    /** Blocks until a datagram may be waiting, {@link #wakeup} is called, or {@code millis} pass. */
    void awaitReadable(long millis) throws IOException;

    /** Thread-safe: ends a pending {@link #awaitReadable}. */
    void wakeup();

    long txErrors();

    long rxErrors();

    /** What the underlay does to batch, as plain values (for status). */
    java.util.Map<String, Object> offload();

    @Override
    void close() throws IOException;
}
