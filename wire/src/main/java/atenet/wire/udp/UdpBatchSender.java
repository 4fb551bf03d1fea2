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
 *  name: sockaddr_in / sockaddr_in6 of the destination, or msg_name = NULL on a connected socket (dest null)
 * </pre>
 * Failures are reported per run to {@link Failures} with the number of datagrams lost (no exception, no allocation).
 * EIO (the route's device cannot do GSO) turns GSO off for good on this sender, the run is re-sent one datagram at a
 * time and {@link #gsoFallbacks()} counts it; EINVAL / EMSGSIZE (a segment larger than the path MTU allows for GSO)
 * re-sends that run one by one. With GSO off every {@link #add} is sent at once, one sendmsg per datagram.
 *
 * <p>Not thread-safe: one instance per sending thread. Allocation: only when a new destination object is seen
 * (its sockaddr is encoded once into a 16-entry identity cache).
 */
public final class UdpBatchSender implements AutoCloseable {
    /** Told when datagrams could not be sent: {@code errno} EAGAIN means the socket buffer was full. */
    public interface Failures {
        void failed(int datagrams, int errno);
    }

    private static final int EMSGSIZE = 90, EINVAL = 22;
    private static final int CACHE = 16;

    private final Failures failures;
    private final int capacity;
    private final Memory buf;
    /** msghdr | iovec | cmsg | sockaddr, one block. */
    private final Memory hdr = new Memory(UdpGso.MSGHDR_LEN + UdpGso.IOVEC_LEN + UdpGso.CMSG_SPACE_INT + 32);
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
        name = ctrl + UdpGso.CMSG_SPACE_INT;
        hdr.setLong(16, iov);                 // msg_iov
        hdr.setLong(24, 1);                   // msg_iovlen
        hdr.setLong(UdpGso.MSGHDR_LEN, Pointer.nativeValue(buf));      // iov_base
        long c = UdpGso.MSGHDR_LEN + UdpGso.IOVEC_LEN;
        hdr.setLong(c, UdpGso.CMSG_HDR_LEN + 2);          // cmsg_len = CMSG_LEN(sizeof(u16))
        hdr.setInt(c + 8, UdpGso.SOL_UDP);
        hdr.setInt(c + 12, UdpGso.UDP_SEGMENT);
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
        if (fd < 0) {
            failures.failed(1, UdpGso.EBADF);
            return;
        }
        if (count > 0 && (ended || len > segSize || count >= UdpGso.MAX_SEGMENTS || bytes + len > UdpGso.MAX_GSO_BYTES
                || (to != dest && (to == null || !to.equals(dest))))) {
            flush();
        }
        if (count == 0) {
            if (!setDestination(to)) {
                failures.failed(1, EINVAL);
                return;
            }
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

    /** One sendmsg of {@code len} bytes from the iovec; {@code gsoSize} > 0 adds the UDP_SEGMENT cmsg. */
    private long send(int len, int gsoSize) {
        hdr.setLong(UdpGso.MSGHDR_LEN + 8, len);                         // iov_len
        if (gsoSize > 0) {
            hdr.setShort(UdpGso.MSGHDR_LEN + UdpGso.IOVEC_LEN + UdpGso.CMSG_HDR_LEN, (short) gsoSize);
            hdr.setLong(32, ctrl);
            hdr.setLong(40, UdpGso.CMSG_SPACE_INT);
        } else {
            hdr.setLong(32, 0);
            hdr.setLong(40, 0);
        }
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
        hdr.write(UdpGso.MSGHDR_LEN + UdpGso.IOVEC_LEN + UdpGso.CMSG_SPACE_INT, cacheName[slot], 0, nameLen);
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
