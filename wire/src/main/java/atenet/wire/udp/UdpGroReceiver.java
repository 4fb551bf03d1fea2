package atenet.wire.udp;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

import java.net.InetSocketAddress;

/**
 * RECEIVE SIDE, HOT PATH: one {@code recvmsg} into a preallocated 64 KB native buffer on a socket with UDP_GRO on,
 * which may hold several datagrams of one flow laid end to end; the (SOL_UDP, UDP_GRO) cmsg gives their size.
 * <pre>
 *  buf:  | d0 (seg) | d1 (seg) | ... | dN-1 (<= seg) |      received bytes = {@link #receive} result
 *  ctrl: | cmsg_len=20 | SOL_UDP=17 | UDP_GRO=104 | int seg |  absent when the kernel did not coalesce
 *        | cmsg_len=36 | SOL_IPV6=41 | IPV6_PKTINFO=50 | in6_pktinfo |  with {@link UdpGso#setPktInfo}: the local address
 *  name: sockaddr of the sender (all datagrams of one receive come from it: GRO merges one flow only)
 * </pre>
 * Use: {@code n = receive(fd, MSG_DONTWAIT)}; then for {@code off = 0; off < n; off += segmentSize()} the datagram is
 * {@code min(segmentSize(), n - off)} bytes at {@code off}, copied out with {@link #copy}. {@link #source()} is the
 * sender, decoded once per new sockaddr into a 256-entry direct-mapped cache (so steady peers cost no allocation).
 *
 * <p>Not thread-safe: one instance per receiving thread.
 */
public final class UdpGroReceiver implements AutoCloseable {
    /** Room for the largest UDP payload (65507 over IPv4, 65527 over IPv6). */
    public static final int BUFFER = 65536;
    /** Room for the UDP_GRO cmsg (24) and an IPV6_PKTINFO one (40). */
    private static final int CTRL_LEN = 128;
    /** Direct-mapped cache of decoded senders, by a hash of the sockaddr bytes. */
    private static final int CACHE = 256;

    private final boolean wantSource;
    private final Memory buf = new Memory(BUFFER);
    /** msghdr | iovec | control | sockaddr | pollfd */
    private final Memory hdr = new Memory(UdpGso.MSGHDR_LEN + UdpGso.IOVEC_LEN + CTRL_LEN + 32);
    private final Memory pollFd = new Memory(8);
    private final long msg, ctrl, name;
    private final long ctrlOff;
    private final long nameOff;
    private final byte[] nameBytes = new byte[UdpGso.SOCKADDR_LEN];
    private final byte[][] cacheName = new byte[CACHE][UdpGso.SOCKADDR_LEN];
    private final int[] cacheLen = new int[CACHE];
    private final InetSocketAddress[] cacheAddr = new InetSocketAddress[CACHE];

    private int segment;
    private int length;
    private InetSocketAddress source;
    private long localHi;
    private long localLo;
    private long receives;
    private long coalesced;
    private long datagrams;

    /** @param wantSource ask the kernel for the sender's address (unconnected sockets) */
    public UdpGroReceiver(boolean wantSource) {
        this.wantSource = wantSource;
        hdr.clear();
        msg = Pointer.nativeValue(hdr);
        long iov = msg + UdpGso.MSGHDR_LEN;
        ctrlOff = UdpGso.MSGHDR_LEN + UdpGso.IOVEC_LEN;
        nameOff = ctrlOff + CTRL_LEN;
        ctrl = msg + ctrlOff;
        name = msg + nameOff;
        hdr.setLong(16, iov);
        hdr.setLong(24, 1);
        hdr.setLong(UdpGso.MSGHDR_LEN, Pointer.nativeValue(buf));
        hdr.setLong(UdpGso.MSGHDR_LEN + 8, BUFFER);
    }

    /**
     * HOT PATH. One recvmsg. @return the bytes received (one or more datagrams), or -errno (-EAGAIN: nothing
     * waiting with MSG_DONTWAIT)
     */
    public int receive(int fd, int flags) {
        if (wantSource) {
            hdr.setLong(0, name);
            hdr.setInt(8, UdpGso.SOCKADDR_LEN);
        }
        hdr.setLong(32, ctrl);
        hdr.setLong(40, CTRL_LEN);
        hdr.setInt(48, 0);
        long r;
        do {
            r = UdpGso.recvmsg(fd, msg, flags);
        } while (r < 0 && UdpGso.errno() == UdpGso.EINTR);
        if (r < 0) {
            int e = UdpGso.errno();
            return -(e == 0 ? UdpGso.EAGAIN : e);
        }
        int n = (int) r;
        length = n;
        receives++;
        int seg = 0;
        localHi = 0;
        localLo = 0;
        long clen = hdr.getLong(40);
        long off = 0;
        while (off + UdpGso.CMSG_HDR_LEN <= clen) {
            long l = hdr.getLong(ctrlOff + off);
            if (l < UdpGso.CMSG_HDR_LEN) {
                break;
            }
            if (hdr.getInt(ctrlOff + off + 8) == UdpGso.SOL_UDP && hdr.getInt(ctrlOff + off + 12) == UdpGso.UDP_GRO
                    && l >= UdpGso.CMSG_HDR_LEN + 2) {
                seg = l >= UdpGso.CMSG_HDR_LEN + 4 ? hdr.getInt(ctrlOff + off + 16)
                        : hdr.getShort(ctrlOff + off + 16) & 0xffff;
            } else if (hdr.getInt(ctrlOff + off + 8) == UdpGso.SOL_IPV6 && hdr.getInt(ctrlOff + off + 12) == UdpGso.IPV6_PKTINFO
                    && l >= UdpGso.CMSG_HDR_LEN + 16) {
                localHi = bigEndianLong(ctrlOff + off + 16);        // in6_pktinfo.ipi6_addr
                localLo = bigEndianLong(ctrlOff + off + 24);
            } else if (hdr.getInt(ctrlOff + off + 8) == UdpGso.SOL_IP && hdr.getInt(ctrlOff + off + 12) == UdpGso.IP_PKTINFO
                    && l >= UdpGso.CMSG_HDR_LEN + 12) {
                localHi = 0;                                          // in_pktinfo.ipi_addr as ::ffff:a.b.c.d
                localLo = 0x0000_ffff_0000_0000L | (bigEndianInt(ctrlOff + off + 24) & 0xffff_ffffL);
            }
            off += (l + 7) & ~7L;
        }
        if (seg > 0 && seg < n) {
            segment = seg;
            coalesced++;
            datagrams += (n + seg - 1) / seg;
        } else {
            segment = Math.max(n, 1);      // one datagram (an empty one still counts as one)
            datagrams++;
        }
        if (wantSource) {
            source = decodeSource(hdr.getInt(8));
        }
        return n;
    }

    /**
     * Waits (poll) until {@code fd} is readable. @return 1 readable, 0 timed out, -errno on error
     */
    public int await(int fd, int timeoutMillis) {
        int r = UdpGso.pollIn(pollFd, fd, timeoutMillis);
        return r >= 0 ? r : -UdpGso.errno();
    }

    /** The size of each datagram of the last receive (the last may be shorter); the whole length when not coalesced. */
    public int segmentSize() {
        return segment;
    }

    /** Bytes of the last receive. */
    public int length() {
        return length;
    }

    /** The sender of the last receive (null when not asked for or unknown family). */
    public InetSocketAddress source() {
        return source;
    }

    /**
     * The local address the last receive was sent to, as the two big-endian halves of an IPv6 address (IPv4 as
     * ::ffff:a.b.c.d); both 0 when the kernel did not say ({@link UdpGso#setPktInfo} not on).
     */
    public long localHi() {
        return localHi;
    }

    public long localLo() {
        return localLo;
    }

    private long bigEndianLong(long off) {
        return ((long) bigEndianInt(off) << 32) | (bigEndianInt(off + 4) & 0xffff_ffffL);
    }

    private int bigEndianInt(long off) {
        return ((hdr.getByte(off) & 0xff) << 24) | ((hdr.getByte(off + 1) & 0xff) << 16)
                | ((hdr.getByte(off + 2) & 0xff) << 8) | (hdr.getByte(off + 3) & 0xff);
    }

    /** HOT PATH. Copies {@code len} bytes at {@code off} of the last receive into {@code dst}. */
    public void copy(int off, byte[] dst, int dstOff, int len) {
        buf.read(off, dst, dstOff, len);
    }

    private InetSocketAddress decodeSource(int len) {
        if (len <= 0 || len > UdpGso.SOCKADDR_LEN) {
            return null;
        }
        hdr.read(nameOff, nameBytes, 0, len);
        int h = len;
        for (int k = 0; k < len; k++) {
            h = h * 31 + nameBytes[k];
        }
        int i = (h ^ (h >>> 16)) & (CACHE - 1);
        if (cacheLen[i] == len && sameBytes(cacheName[i], len)) {
            return cacheAddr[i];
        }
        InetSocketAddress a = UdpGso.decode(nameBytes, len);
        if (a != null) {
            System.arraycopy(nameBytes, 0, cacheName[i], 0, len);
            cacheLen[i] = len;
            cacheAddr[i] = a;
        }
        return a;
    }

    private boolean sameBytes(byte[] c, int len) {
        for (int i = 0; i < len; i++) {
            if (c[i] != nameBytes[i]) {
                return false;
            }
        }
        return true;
    }

    /** recvmsg calls that returned data. */
    public long receives() {
        return receives;
    }

    /** Receives that held more than one datagram. */
    public long coalesced() {
        return coalesced;
    }

    /** Datagrams received (after splitting). */
    public long datagrams() {
        return datagrams;
    }

    @Override
    public void close() {
        buf.close();
        hdr.close();
        pollFd.close();
    }
}
