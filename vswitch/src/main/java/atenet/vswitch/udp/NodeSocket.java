package atenet.vswitch.udp;

import atenet.wire.overlay.OverlayHeader;
import atenet.wire.udp.UdpBatchSender;
import atenet.wire.udp.UdpGroReceiver;
import atenet.wire.udp.UdpGso;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Locale;

/**
 * The node's UDP socket, so that the data plane sees one datagram at a time whatever the kernel offers.
 *
 * <pre>
 *  receive: UDP_GRO on the socket: one recvmsg (64 KB, {@link UdpGroReceiver}) may hold up to 64 datagrams
 *           of one sender, split by the cmsg's segment size; each is copied to the caller's array and handed
 *           over on its own (checks, drops and counters stay per datagram).
 *  send:    every packet goes to the {@link UdpBatchSender}: one pending run (destination, size); a packet to
 *           the same endpoint with the run's size joins it, anything else sends the run first (one sendmsg
 *           with a UDP_SEGMENT cmsg). The run is also sent when full (64 datagrams / 64 KB) and on {@link #flush}.
 *  plain:   without offloads (env {@code ATENET_UDP_OFFLOAD=0}, or the kernel refused the socket options; one
 *           line on stderr at start): one receive and one send per datagram through the DatagramChannel.
 * </pre>
 * EIO on a GSO send turns GSO off for good (counted). With the offloads the socket also asks for each datagram's
 * local address (IPV6_PKTINFO) and replies are sent from it: a node bound to 0.0.0.0 on a multi-homed host answers
 * from the address the client used (a connected client socket or a NAT would drop anything else).
 * Owned by the data-plane thread, except {@link #wakeup}.
 */
final class NodeSocket implements Underlay {
    private final DatagramChannel channel;
    private final Selector selector;
    private final DropCounters drops;
    private final ByteBuffer txBuf = ByteBuffer.allocate(OverlayHeader.MAX_PACKET_LEN);
    /** Wraps the caller's receive array (always the same one), made once. */
    private ByteBuffer rxBuf;
    /** UDP GSO sender, or null: one channel.send per datagram. */
    private final UdpBatchSender batch;
    /** UDP GRO receiver, or null: one channel.receive per datagram. */
    private final UdpGroReceiver gro;
    private final int fd;
    /** The kernel reports each datagram's local address (IPV6_PKTINFO): replies can be sent from it. */
    private boolean pktInfo;
    private long txErrors;
    private long rxErrors;

    NodeSocket(InetSocketAddress listen, boolean offload, DropCounters drops) throws IOException {
        this(listen, offload, drops, true);
    }

    /** @param announce print the one start line about UDP offload (the node's own socket; not a warm-up's) */
    NodeSocket(InetSocketAddress listen, boolean offload, DropCounters drops, boolean announce) throws IOException {
        this.drops = drops;
        this.channel = DatagramChannel.open();
        channel.setOption(StandardSocketOptions.SO_REUSEADDR, false);
        channel.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
        channel.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
        channel.bind(listen);
        channel.configureBlocking(false);
        this.selector = Selector.open();
        channel.register(selector, SelectionKey.OP_READ);
        int sock = -1;
        UdpBatchSender sender = null;
        UdpGroReceiver receiver = null;
        String why = null;
        if (!offload) {
            why = "turned off (ATENET_UDP_OFFLOAD=0)";
        } else if (!UdpGso.available()) {
            why = UdpGso.unavailableReason();
        } else if ((sock = UdpGso.fdOf(channel)) < 0) {
            why = "socket fd not reachable";
        } else {
            UdpBatchSender s = new UdpBatchSender(OverlayHeader.MAX_PACKET_LEN, this::sendFailed);
            if (s.bind(sock)) {
                sender = s;
            } else {
                s.close();
            }
            if (UdpGso.setGro(sock, true)) {
                receiver = new UdpGroReceiver(true);
                // Answer from the address the client sent to, even when bound to the wildcard on a multi-homed host.
                pktInfo = UdpGso.setPktInfo(sock);
            }
            if (sender == null && receiver == null) {
                why = "the kernel refused UDP_SEGMENT and UDP_GRO (errno " + UdpGso.errno() + ")";
            }
        }
        this.fd = sock;
        this.batch = sender;
        this.gro = receiver;
        if (!announce) {
            return;
        }
        System.err.println(why != null
                ? "vswitch: UDP offload off: " + why + "; one system call per datagram"
                  + (listen.getAddress().isAnyLocalAddress() ? "; on a multi-homed host use a specific --listen address" : "")
                : "vswitch: UDP offload: gso " + (sender != null ? "on" : "off (kernel refused)")
                  + ", gro " + (receiver != null ? "on" : "off (kernel refused)")
                  + ", replies from the local address used " + (pktInfo ? "on" : "off"));
    }

    /** {@code ATENET_UDP_OFFLOAD}: 0 / false / off / no turn the UDP offloads off; anything else (or unset) leaves them on. */
    static boolean offloadFromEnv(String v) {
        if (v == null) {
            return true;
        }
        String t = v.trim().toLowerCase(Locale.ROOT);
        return !(t.equals("0") || t.equals("false") || t.equals("off") || t.equals("no"));
    }

    @Override
    public InetSocketAddress localAddress() throws IOException {
        return (InetSocketAddress) channel.getLocalAddress();
    }

    /**
     * HOT PATH: hands up to {@code max} waiting datagrams, one by one in {@code pkt}, to {@code receiver}.
     * A datagram longer than {@code pkt} arrives cut to {@code pkt.length} (the receiver counts it as malformed).
     *
     * @return how many were taken; 0 when none was waiting
     */
    @Override
    public int drain(byte[] pkt, Receiver receiver, int max, long nowNanos) throws IOException {
        return gro != null ? drainGro(pkt, receiver, max, nowNanos) : drainPlain(pkt, receiver, max, nowNanos);
    }

    private int drainPlain(byte[] pkt, Receiver receiver, int max, long nowNanos) throws IOException {
        if (rxBuf == null || rxBuf.array() != pkt) {
            rxBuf = ByteBuffer.wrap(pkt);
        }
        for (int i = 0; i < max; i++) {
            rxBuf.clear();
            SocketAddress from = channel.receive(rxBuf);
            if (from == null) {
                return i;
            }
            receiver.onDatagram(rxBuf.position(), (InetSocketAddress) from, nowNanos);
        }
        return max;
    }

    private int drainGro(byte[] pkt, Receiver receiver, int max, long nowNanos) {
        int taken = 0;
        while (taken < max) {
            int n = gro.receive(fd, UdpGso.MSG_DONTWAIT);
            if (n < 0) {
                if (n != -UdpGso.EAGAIN) {
                    rxErrors++;
                }
                return taken;
            }
            InetSocketAddress from = gro.source();
            if (from == null || n == 0) {
                drops.count(DropReason.MALFORMED);
                taken++;
                continue;
            }
            int seg = gro.segmentSize();
            for (int off = 0; off < n; off += seg) {
                int len = Math.min(Math.min(seg, n - off), pkt.length);
                gro.copy(off, pkt, 0, len);
                receiver.onDatagram(len, from, nowNanos);
                taken++;
            }
        }
        return taken;
    }

    /**
     * The local address the datagram being handed over was sent to (halves of an IPv6 address, IPv4 as
     * ::ffff:a.b.c.d), valid during {@link Receiver#onDatagram}; 0/0 when unknown.
     */
    @Override
    public long localHi() {
        return gro != null && pktInfo ? gro.localHi() : 0;
    }

    @Override
    public long localLo() {
        return gro != null && pktInfo ? gro.localLo() : 0;
    }

    /**
     * HOT PATH: sends {@code pkt[0 .. len)} to {@code to} from local address {@code srcHi|srcLo} (0/0: the
     * kernel chooses; the plain path always lets it), or queues it in the pending GSO run (copied).
     */
    @Override
    public void send(byte[] pkt, int len, InetSocketAddress to, long srcHi, long srcLo) {
        if (batch != null) {
            batch.add(pkt, 0, len, to, srcHi, srcLo);
            return;
        }
        txBuf.clear();
        txBuf.put(pkt, 0, len).flip();
        try {
            if (channel.send(txBuf, to) == 0) {
                drops.count(DropReason.TX_FULL);
            }
        } catch (IOException e) {
            txErrors++;
        }
    }

    /** Sends the pending run, if any: at the end of every batch of work. */
    @Override
    public void flush() {
        if (batch != null) {
            batch.flush();
        }
    }

    /** Datagrams of a run the kernel did not take: a full socket buffer is TX_FULL, anything else a tx error. */
    private void sendFailed(int datagrams, int errno) {
        if (errno == UdpGso.EAGAIN) {
            drops.count(DropReason.TX_FULL, datagrams);
        } else {
            txErrors += datagrams;
        }
    }

    /** Sleeps until a datagram waits, {@link #wakeup} is called, or the time is up. */
    @Override
    public void awaitReadable(long millis) throws IOException {
        selector.select(millis);
        selector.selectedKeys().clear();
    }

    /** Ends an {@link #awaitReadable} early. Thread-safe. */
    @Override
    public void wakeup() {
        selector.wakeup();
    }

    @Override
    public long txErrors() {
        return txErrors;
    }

    @Override
    public long rxErrors() {
        return rxErrors;
    }

    @Override
    public java.util.Map<String, Object> offload() {
        java.util.Map<String, Object> o = new java.util.LinkedHashMap<>();
        o.put("gso", batch != null && batch.gsoActive());
        o.put("gro", gro != null);
        if (batch != null) {
            o.put("sendCalls", batch.sendCalls());
            o.put("gsoSends", batch.gsoSends());
            o.put("datagramsSent", batch.datagrams());
            o.put("gsoFallbacks", batch.gsoFallbacks());
            o.put("gsoRejected", batch.gsoRejected());
        }
        if (gro != null) {
            o.put("receiveCalls", gro.receives());
            o.put("coalescedReceives", gro.coalesced());
            o.put("datagramsReceived", gro.datagrams());
        }
        return o;
    }

    @Override
    public void close() throws IOException {
        flush();
        selector.close();
        channel.close();
        if (batch != null) {
            batch.close();
        }
        if (gro != null) {
            gro.close();
        }
    }
}
