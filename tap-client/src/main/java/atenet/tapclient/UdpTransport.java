package atenet.tapclient;

import atenet.wire.udp.UdpGroReceiver;
import atenet.wire.udp.UdpGso;

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
 *
 * <p>UDP offload (constructed with {@code udpOffload}): every channel gets UDP_GRO, and the receiver must then read
 * with {@link #receiveGro} / {@link #receiveGroNow} (recvmsg into 64 KB, several datagrams per call), never with
 * {@link #receive}: a plain read would cut a coalesced buffer. The TAP reader sends its runs with a
 * {@link atenet.wire.udp.UdpBatchSender} on {@link #fd()}.
 */
public final class UdpTransport implements Transport, AutoCloseable {
    static final int RECEIVE_BUFFER = 4 << 20;
    static final int SEND_BUFFER = 1 << 20;
    private volatile DatagramChannel channel;
    private volatile boolean closed;
    private final Object connectLock = new Object();
    private final boolean udpOffload;
    /** The current channel with its fd and whether UDP_GRO is on (one volatile read for the receiver). */
    private record Sock(DatagramChannel ch, int fd, boolean gro) {
    }
    private volatile Sock sock;

    /** Without UDP offload: one JDK read or write per datagram. */
    public UdpTransport() {
        this(false);
    }

    /** @param udpOffload turn UDP_GRO on for every channel and expose its fd for GSO sends */
    public UdpTransport(boolean udpOffload) {
        this.udpOffload = udpOffload && UdpGso.available();
    }

    public boolean udpOffload() {
        return udpOffload;
    }

    /** The OS fd of the current channel (-1 when none or offload off): for the TAP reader's GSO sender. */
    public int fd() {
        Sock s = sock;
        return s == null ? -1 : s.fd;
    }

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
            int fd = udpOffload ? UdpGso.fdOf(ch) : -1;
            boolean gro = fd >= 0 && UdpGso.setGro(fd, true);
            sock = new Sock(ch, fd, gro);
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

    /** No channel yet (between nodes): -1 when closed, else a short pause and 0 ("try again"). */
    private int awaitChannel() {
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

    /**
     * HOT PATH. Blocks for one datagram into {@code buf} (cleared first).
     *
     * @return its length; 0 when the channel changed or the node's port was unreachable (try again); -1 when closed
     */
    public int receive(ByteBuffer buf) {
        DatagramChannel ch = channel;
        if (ch == null) {
            return awaitChannel();
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

    /**
     * HOT PATH, offload: waits up to {@code timeoutMillis} for the current channel, then one recvmsg into {@code rx}
     * (one or more datagrams, see {@link UdpGroReceiver}).
     *
     * @return the bytes received; 0 when nothing came (timeout, channel changed, port unreachable); -1 when closed
     */
    public int receiveGro(UdpGroReceiver rx, int timeoutMillis) {
        Sock s = sock;
        if (s == null || s.fd < 0) {
            return awaitChannel();
        }
        int r = rx.await(s.fd, timeoutMillis);
        if (closed) {
            return -1;
        }
        if (r <= 0 || s != sock) {
            return 0;
        }
        int n = rx.receive(s.fd, UdpGso.MSG_DONTWAIT);
        return n > 0 ? n : 0;       // -EAGAIN, -ECONNREFUSED (port unreachable), an empty datagram: nothing to do
    }

    /** HOT PATH, offload: one recvmsg of what is already waiting. @return bytes, or 0 when none / changed / failed */
    public int receiveGroNow(UdpGroReceiver rx) {
        Sock s = sock;
        if (s == null || s.fd < 0 || closed) {
            return 0;
        }
        int n = rx.receive(s.fd, UdpGso.MSG_DONTWAIT);
        return n > 0 ? n : 0;
    }

    /** Whether the current channel has UDP_GRO on (for the start line). */
    public boolean groActive() {
        Sock s = sock;
        return s != null && s.gro;
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
