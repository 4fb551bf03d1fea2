package atenet.tapclient;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;

/**
 * The UDP underlay: one <em>connected</em>, blocking {@link DatagramChannel} to the current node. Connecting to another
 * node opens a new channel and closes the old one (a blocked {@code read} on it ends with an exception, and the
 * receiver picks up the new channel); the same endpoint keeps the channel and so the local port.
 *
 * <p>Threads: {@link #send} from the TAP reader and the engine's control path; {@link #receive} from the receiver
 * thread only; {@link #connect} from the control path.
 */
public final class UdpTransport implements Transport, AutoCloseable {
    static final int RECEIVE_BUFFER = 4 << 20;
    static final int SEND_BUFFER = 1 << 20;
    private volatile DatagramChannel channel;
    private volatile boolean closed;
    private final Object connectLock = new Object();

    @Override
    public void connect(InetSocketAddress node) throws IOException {
        synchronized (connectLock) {
            if (closed) {
                throw new ClosedChannelException();
            }
            DatagramChannel old = channel;
            if (old != null && old.isOpen() && node.equals(old.getRemoteAddress())) {
                return;
            }
            DatagramChannel ch = DatagramChannel.open();
            try {
                // Room for bursts from the node: with the 208 KB default a TCP burst overflows the socket
                // (UdpRcvbufErrors) and the inner TCP backs off. The kernel caps this at net.core.rmem_max.
                ch.setOption(StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER);
                ch.setOption(StandardSocketOptions.SO_SNDBUF, SEND_BUFFER);
                ch.connect(node);
            } catch (IOException e) {
                ch.close();
                throw e;
            }
            channel = ch;
            if (old != null) {
                old.close();
            }
        }
    }

    /** HOT PATH. */
    @Override
    public boolean send(ByteBuffer pkt) {
        DatagramChannel ch = channel;
        if (ch == null) {
            return false;
        }
        try {
            return ch.write(pkt) > 0;
        } catch (IOException e) {  // closed while switching nodes, port unreachable, no route: a counted drop
            return false;
        }
    }

    /**
     * HOT PATH. Blocks for one datagram into {@code buf} (cleared first).
     *
     * @return its length; 0 when the channel changed or the node's port was unreachable (try again); -1 when closed
     */
    public int receive(ByteBuffer buf) {
        DatagramChannel ch = channel;
        if (ch == null) {
            if (closed) {
                return -1;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
            return 0;
        }
        buf.clear();
        try {
            return ch.read(buf);
        } catch (PortUnreachableException e) {
            return 0;
        } catch (IOException e) {
            return closed ? -1 : 0;
        }
    }

    /** The channel in non-blocking mode between {@link #beginDrain} and {@link #endDrain} (receiver thread only). */
    private DatagramChannel draining;

    /**
     * Receiver thread: switches the current channel to non-blocking mode so that {@link #receiveNow} can take the
     * datagrams already waiting. False when there is no channel (nothing to drain). Always pair with {@link #endDrain}.
     */
    public boolean beginDrain() {
        DatagramChannel ch = channel;
        if (ch == null) {
            return false;
        }
        try {
            ch.configureBlocking(false);
        } catch (IOException e) {
            return false;
        }
        draining = ch;
        return true;
    }

    /**
     * HOT PATH, between {@link #beginDrain} and {@link #endDrain}: one datagram that is already waiting, into
     * {@code buf} (cleared first). @return its length, or 0 when none is waiting (or the channel changed or failed)
     */
    public int receiveNow(ByteBuffer buf) {
        DatagramChannel ch = draining;
        if (ch == null || ch != channel) {
            return 0;
        }
        buf.clear();
        try {
            return ch.read(buf);
        } catch (IOException e) {
            return 0;
        }
    }

    /** Puts the drained channel back in blocking mode. */
    public void endDrain() {
        DatagramChannel ch = draining;
        draining = null;
        if (ch != null) {
            try {
                ch.configureBlocking(true);
            } catch (IOException ignored) {
                // closed meanwhile: the next receive sees it
            }
        }
    }

    public InetSocketAddress localAddress() throws IOException {
        DatagramChannel ch = channel;
        return ch == null ? null : (InetSocketAddress) ch.getLocalAddress();
    }

    @Override
    public void close() {
        synchronized (connectLock) {
            closed = true;
            DatagramChannel ch = channel;
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // closing
                }
            }
        }
    }
}
