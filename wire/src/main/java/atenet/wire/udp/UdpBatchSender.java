package atenet.wire.udp;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

import java.net.InetSocketAddress;

/**
 * SEND SIDE, HOT PATH: gathers consecutive datagrams to one destination into one UDP GSO {@code sendmsg}.
 *
 * <p>One pending <em>run</em> (destination, segment size): {@link #add} copies the datagram behind the run's earlier
 * ones in a preallocated native buffer; the run is sent first when the new datagram cannot join it: other destination,
 * longer than the segment size, the run already ended with a shorter datagram, {@link UdpGso#MAX_SEGMENTS} reached or
 * {@link UdpGso#MAX_GSO_BYTES} would be passed. The caller {@link #flush}es at the end of its batch. A run of one is
 * sent without the cmsg (an ordinary datagram).
 * <pre>
 *  buf:  | d0 (seg) | d1 (seg) | ... | dN-1 (<= seg) |        msghdr.msg_iov -> { buf, total }
 *  ctrl: | cmsg_len=18 | SOL_UDP=17 | UDP_SEGMENT=103 | u16 seg | pad |  (only when N > 1)
 *        | cmsg_len=36 | SOL_IPV6=41 | IPV6_PKTINFO=50 | in6_pktinfo{source, ifindex 0} |  (only with a run source)
 *  name: sockaddr_in / sockaddr_in6 of the destination, or msg_name = NULL on a connected socket (dest null)
 * </pre>
 * Failures are reported per run to {@link Failures} with the number of datagrams lost (no exception, no allocation).
 * EIO (the route's device cannot do GSO) turns GSO off for good on this sender, the run is re-sent one datagram at a
 * time and {@link #gsoFallbacks()} counts it; EINVAL / EMSGSIZE (a segment larger than the path MTU allows for GSO)
 * re-sends that run one by one. With GSO off every {@link #add} is sent at once, one sendmsg per datagram.
 *
 * <p>Not thread-safe: one instance per sending thread. Allocation: only when a new destination object is seen
 * (its sockaddr is encoded once into a 256-entry identity cache).
 */
public final class UdpBatchSender implements AutoCloseable {
    /** Told when datagrams could not be sent: {@code errno} EAGAIN means the socket buffer was full. */
    public interface Failures {
        void failed(int datagrams, int errno);
    }

    private static final int EMSGSIZE = 90, EINVAL = 22;
    private static final int CACHE = 256;
    /** UDP_SEGMENT cmsg (24) + IPV6_PKTINFO cmsg (40). */
    private static final int CTRL_LEN = 64;
    private static final int PKTINFO6_SPACE = 40;
    private static final int PKTINFO4_SPACE = 32;

    private final Failures failures;
    private final int capacity;
    private final Memory buf;
    /** msghdr | iovec | cmsg | sockaddr, one block. */
    private final Memory hdr = new Memory(UdpGso.MSGHDR_LEN + UdpGso.IOVEC_LEN + CTRL_LEN + 32);
    private final long msg, iov, ctrl, name;
    private final byte[] nameBytes = new byte[32];

    private final InetSocketAddress[] cacheKey = new InetSocketAddress[CACHE];
    private final byte[][] cacheName = new byte[CACHE][32];
    private final int[] cacheLen = new int[CACHE];

    private int fd = -1;
    private int family = -1;
    private boolean gso;

    // the pending run
    private int count;
    private int bytes;
    private int segSize;
    private boolean ended;
    private InetSocketAddress dest;
    private int nameLen;
    /** The run's source address (IPv6 halves, IPv4 as ::ffff:a.b.c.d); 0/0: the kernel chooses. */
    private long srcHi;
    private long srcLo;

    private long datagrams;
    private long sendCalls;
    private long gsoSends;
    private long gsoFallbacks;
    private long gsoRejected;

    /** @param maxDatagram the largest datagram {@link #add} will be given */
    public UdpBatchSender(int maxDatagram, Failures failures) {
        this.failures = failures;
        this.capacity = Math.max(maxDatagram, UdpGso.MAX_GSO_BYTES);
        this.buf = new Memory(capacity);
        hdr.clear();
        msg = Pointer.nativeValue(hdr);
        iov = msg + UdpGso.MSGHDR_LEN;
        ctrl = iov + UdpGso.IOVEC_LEN;
        name = ctrl + CTRL_LEN;
        hdr.setLong(16, iov);                 // msg_iov
        hdr.setLong(24, 1);                   // msg_iovlen
        hdr.setLong(UdpGso.MSGHDR_LEN, Pointer.nativeValue(buf));      // iov_base
    }

    /**
     * Sends what is pending, then sends through {@code fd} from now on (a no-op when it already does).
     *
     * @return whether the kernel takes UDP GSO on it (false: each datagram goes out alone)
     */
    public boolean bind(int fd) {
        if (fd == this.fd) {
            return gso;
        }
        flush();
        this.fd = fd;
        this.family = UdpGso.family(fd);
        this.gso = UdpGso.gsoSupported(fd);
        java.util.Arrays.fill(cacheKey, null);
        dest = null;
        nameLen = 0;
        hdr.setLong(0, 0);
        hdr.setInt(8, 0);
        return gso;
    }

    /** Sends what is pending and turns GSO off for good: one sendmsg per datagram (tests, diagnostics). */
    public void disableGso() {
        flush();
        gso = false;
    }

    public int fd() {
        return fd;
    }

    /** True while datagrams are gathered into GSO sends (false before {@link #bind}, without kernel support, after EIO). */
    public boolean gsoActive() {
        return gso;
    }

    /**
     * HOT PATH. Queues {@code b[off .. off+len)} for {@code to} (null: the connected peer), sending the pending run
     * first when this datagram cannot join it. With GSO off the datagram is sent at once.
     */
    public void add(byte[] b, int off, int len, InetSocketAddress to) {
        add(b, off, len, to, 0, 0);
    }

    /**
     * HOT PATH. As {@link #add(byte[], int, int, InetSocketAddress)}, sent from the local address {@code srcHi|srcLo}
     * (the halves of an IPv6 address, IPv4 as ::ffff:a.b.c.d, as {@link UdpGroReceiver#localHi()} gives it): a
     * server bound to the wildcard answers from the address the peer used. 0/0 lets the kernel choose.
     */
    public void add(byte[] b, int off, int len, InetSocketAddress to, long srcHi, long srcLo) {
        if (fd < 0) {
            failures.failed(1, UdpGso.EBADF);
            return;
        }
        if (count > 0 && (ended || len > segSize || count >= UdpGso.MAX_SEGMENTS || bytes + len > UdpGso.MAX_GSO_BYTES
                || srcHi != this.srcHi || srcLo != this.srcLo
                || (to != dest && (to == null || !to.equals(dest))))) {
            flush();
        }
        if (count == 0) {
            if (!setDestination(to)) {
                failures.failed(1, EINVAL);
                return;
            }
            this.srcHi = srcHi;
            this.srcLo = srcLo;
            segSize = len;
            ended = false;
        } else if (len < segSize) {
            ended = true;                    // a shorter datagram can only be the last of a GSO run
        }
        buf.write(bytes, b, off, len);
        bytes += len;
        count++;
        if (!gso) {
            flush();
        }
    }

    /** HOT PATH. Sends the pending run, if any. */
    public void flush() {
        int n = count;
        if (n == 0) {
            return;
        }
        count = 0;
        int total = bytes;
        bytes = 0;
        if (n == 1) {
            long r = send(total, 0);
            if (r < 0) {
                failures.failed(1, UdpGso.errno());
            }
            return;
        }
        long r = send(total, segSize);
        if (r >= 0) {
            gsoSends++;
            return;
        }
        int err = UdpGso.errno();
        if (err == UdpGso.EIO) {
            gso = false;                     // the device cannot segment UDP for this route: for good
            gsoFallbacks++;
            sendOneByOne(n, total);
        } else if (err == EINVAL || err == EMSGSIZE) {
            gsoRejected++;
            sendOneByOne(n, total);
        } else {
            failures.failed(n, err);
        }
    }

    private void sendOneByOne(int n, int total) {
        int seg = segSize;
        long base = Pointer.nativeValue(buf);
        int lost = 0;
        int lastErr = 0;
        for (int off = 0; off < total; off += seg) {
            int len = Math.min(seg, total - off);
            hdr.setLong(UdpGso.MSGHDR_LEN, base + off);
            if (send(len, 0) < 0) {
                lost++;
                lastErr = UdpGso.errno();
            }
        }
        hdr.setLong(UdpGso.MSGHDR_LEN, base);
        if (lost > 0) {
            failures.failed(lost, lastErr);
        }
    }

    /**
     * One sendmsg of {@code len} bytes from the iovec; {@code gsoSize} > 0 adds the UDP_SEGMENT cmsg, a run source
     * the IPV6_PKTINFO (or IP_PKTINFO) one.
     */
    private long send(int len, int gsoSize) {
        hdr.setLong(UdpGso.MSGHDR_LEN + 8, len);                         // iov_len
        long c = UdpGso.MSGHDR_LEN + UdpGso.IOVEC_LEN;
        int clen = 0;
        if (gsoSize > 0) {
            hdr.setLong(c, UdpGso.CMSG_HDR_LEN + 2);                      // cmsg_len = CMSG_LEN(sizeof(u16))
            hdr.setInt(c + 8, UdpGso.SOL_UDP);
            hdr.setInt(c + 12, UdpGso.UDP_SEGMENT);
            hdr.setShort(c + UdpGso.CMSG_HDR_LEN, (short) gsoSize);
            clen += UdpGso.CMSG_SPACE_INT;
        }
        if (srcHi != 0 || srcLo != 0) {
            clen += writeSource(c + clen);
        }
        hdr.setLong(32, clen == 0 ? 0 : ctrl);
        hdr.setLong(40, clen);
        long r;
        do {
            r = UdpGso.sendmsg(fd, msg, 0);
        } while (r < 0 && UdpGso.errno() == UdpGso.EINTR);
        sendCalls++;
        if (r >= 0) {
            datagrams += gsoSize > 0 ? (len + gsoSize - 1) / gsoSize : 1;
        }
        return r;
    }

    /** Writes the source-address cmsg at {@code at}; returns its CMSG_SPACE. */
    private int writeSource(long at) {
        if (family == UdpGso.AF_INET) {
            hdr.setLong(at, UdpGso.CMSG_HDR_LEN + 12);                   // in_pktinfo
            hdr.setInt(at + 8, UdpGso.SOL_IP);
            hdr.setInt(at + 12, UdpGso.IP_PKTINFO);
            hdr.setInt(at + 16, 0);                                      // ifindex: any
            putBigEndianInt(at + 20, (int) srcLo);                       // ipi_spec_dst: the source
            hdr.setInt(at + 24, 0);
            return PKTINFO4_SPACE;
        }
        hdr.setLong(at, UdpGso.CMSG_HDR_LEN + 20);                       // in6_pktinfo
        hdr.setInt(at + 8, UdpGso.SOL_IPV6);
        hdr.setInt(at + 12, UdpGso.IPV6_PKTINFO);
        putBigEndianInt(at + 16, (int) (srcHi >>> 32));
        putBigEndianInt(at + 20, (int) srcHi);
        putBigEndianInt(at + 24, (int) (srcLo >>> 32));
        putBigEndianInt(at + 28, (int) srcLo);
        hdr.setInt(at + 32, 0);                                          // ifindex: any
        return PKTINFO6_SPACE;
    }

    private void putBigEndianInt(long at, int v) {
        hdr.setByte(at, (byte) (v >>> 24));
        hdr.setByte(at + 1, (byte) (v >>> 16));
        hdr.setByte(at + 2, (byte) (v >>> 8));
        hdr.setByte(at + 3, (byte) v);
    }

    private boolean setDestination(InetSocketAddress to) {
        if (to == dest && (to == null || nameLen > 0)) {
            return true;
        }
        dest = to;
        if (to == null) {
            nameLen = 0;
            hdr.setLong(0, 0);
            hdr.setInt(8, 0);
            return true;
        }
        int slot = System.identityHashCode(to) & (CACHE - 1);
        if (cacheKey[slot] != to) {
            int l = UdpGso.encode(to, family, cacheName[slot]);
            if (l < 0) {
                dest = null;
                nameLen = 0;
                hdr.setLong(0, 0);
                hdr.setInt(8, 0);
                return false;
            }
            cacheLen[slot] = l;
            cacheKey[slot] = to;
        }
        nameLen = cacheLen[slot];
        hdr.write(UdpGso.MSGHDR_LEN + UdpGso.IOVEC_LEN + CTRL_LEN, cacheName[slot], 0, nameLen);
        hdr.setLong(0, name);
        hdr.setInt(8, nameLen);
        return true;
    }

    /** Datagrams handed to the kernel. */
    public long datagrams() {
        return datagrams;
    }

    /** sendmsg calls made (GSO or single). */
    public long sendCalls() {
        return sendCalls;
    }

    /** sendmsg calls that carried more than one datagram. */
    public long gsoSends() {
        return gsoSends;
    }

    /** Times GSO was turned off for good (EIO). */
    public long gsoFallbacks() {
        return gsoFallbacks;
    }

    /** GSO sends refused (EINVAL/EMSGSIZE) and re-sent one by one. */
    public long gsoRejected() {
        return gsoRejected;
    }

    /** Frees the native buffers (after the owning thread stopped). */
    @Override
    public void close() {
        buf.close();
        hdr.close();
    }
}
