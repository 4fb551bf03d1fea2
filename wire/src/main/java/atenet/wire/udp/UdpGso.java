package atenet.wire.udp;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.Native;
import com.sun.jna.Platform;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.DatagramChannel;

/**
 * Linux UDP segmentation offloads (the technique of wireguard-go and tailscale), through JNA <em>direct mapping</em>
 * ({@link Native#register}) on the fd of an ordinary {@link DatagramChannel}:
 * <ul>
 *   <li><b>UDP GSO</b> ({@code UDP_SEGMENT}, SOL_UDP 17 / 103, since Linux 4.18): one {@code sendmsg} carries up to 64
 *       datagrams of equal size (the last may be shorter) laid end to end, with a cmsg naming the size; the kernel
 *       (or the NIC) cuts them. {@link UdpBatchSender}.</li>
 *   <li><b>UDP GRO</b> ({@code UDP_GRO}, SOL_UDP 17 / 104 = 1, since Linux 5.0): {@code recvmsg} may return several
 *       datagrams of one flow coalesced in one buffer, with a cmsg (SOL_UDP, UDP_GRO, int) giving the segment size.
 *       Over veth a GSO send reaches a GRO socket whole. {@link UdpGroReceiver}.</li>
 * </ul>
 *
 * <h2>Native layouts (Linux x86_64 / aarch64 LP64; the only targets)</h2>
 * <pre>
 *  struct msghdr {                      struct iovec {            struct cmsghdr {
 *    0  void   *msg_name;                 0 void  *iov_base;        0  size_t cmsg_len;    // CMSG_LEN(data) = 16 + data
 *    8  int     msg_namelen; (+4 pad)     8 size_t iov_len;         8  int    cmsg_level;  // SOL_UDP = 17
 *   16  iovec  *msg_iov;                } // 16 bytes              12  int    cmsg_type;   // UDP_SEGMENT / UDP_GRO
 *   24  size_t  msg_iovlen;                                         16  data: u16 gso_size (send), int (GRO receive)
 *   32  void   *msg_control;                                      } // CMSG_SPACE(2) = CMSG_SPACE(4) = 24
 *   40  size_t  msg_controllen;
 *   48  int     msg_flags;   (+4 pad)
 *  } // 56 bytes
 *
 *  struct in6_pktinfo { 0 u8 addr[16]; 16 int ifindex }   // cmsg (SOL_IPV6 41, IPV6_PKTINFO 50): CMSG_SPACE = 40
 *  struct in_pktinfo  { 0 int ifindex; 4 u8 spec_dst[4]; 8 u8 addr[4] }  // cmsg (SOL_IP 0, IP_PKTINFO 8): CMSG_SPACE = 32
 *
 *  struct sockaddr_in  { 0 u16 family = 2 (host order); 2 u16 port (big endian); 4 u8 addr[4]; 8 zero[8] }  // 16
 *  struct sockaddr_in6 { 0 u16 family = 10; 2 u16 port (BE); 4 u32 flowinfo; 8 u8 addr[16]; 24 u32 scope_id } // 28
 * </pre>
 * The JDK opens a dual-stack AF_INET6 socket unless IPv6 is absent (or java.net.preferIPv4Stack): the family is
 * asked from the socket ({@code SO_DOMAIN}) and IPv4 destinations are then written as ::ffff:a.b.c.d, as the JDK does.
 *
 * <p>The hot calls return -1 and leave errno in {@link Native#getLastError()}; nothing here throws or allocates per
 * packet. Everything is off when {@link #available()} is false (not Linux, JNA missing, fd not reachable).
 */
public final class UdpGso {
    public static final int SOL_SOCKET = 1;
    public static final int SO_DOMAIN = 39;
    public static final int SOL_UDP = 17;
    public static final int UDP_SEGMENT = 103;
    public static final int UDP_GRO = 104;
    public static final int SOL_IP = 0;
    public static final int IP_PKTINFO = 8;
    public static final int SOL_IPV6 = 41;
    public static final int IPV6_RECVPKTINFO = 49;
    public static final int IPV6_PKTINFO = 50;
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    public static final int MSG_DONTWAIT = 0x40;
    public static final int MSG_TRUNC = 0x20;
    public static final int EINTR = 4, EIO = 5, EAGAIN = 11, EBADF = 9, ENOTSOCK = 88, ECONNREFUSED = 111;
    /** Most datagrams the kernel takes in one GSO send (UDP_MAX_SEGMENTS). */
    public static final int MAX_SEGMENTS = 64;
    /** Largest UDP payload over IPv4 (65535 - 20 - 8): the bound for all datagrams of one GSO send together. */
    public static final int MAX_GSO_BYTES = 65507;

    static final int MSGHDR_LEN = 56;
    static final int IOVEC_LEN = 16;
    static final int CMSG_HDR_LEN = 16;
    static final int CMSG_SPACE_INT = 24;
    static final int SOCKADDR_LEN = 28;
    private static final short POLLIN = 0x1;

    private static final boolean LOADED;
    private static final String LOAD_ERROR;
    private static final Method GET_FD_VAL;
    private static final Field FD_VAL;

    static {
        boolean ok = false;
        String why = null;
        if (!Platform.isLinux() || !Platform.is64Bit()) {
            why = "not 64-bit Linux";
        } else {
            try {
                Native.register(UdpGso.class, Platform.C_LIBRARY_NAME);
                ok = true;
            } catch (Throwable t) {       // UnsatisfiedLinkError, NoClassDefFoundError: JNA or libc not usable
                why = "cannot load libc through JNA: " + t;
            }
        }
        Method m = null;
        Field f = null;
        try {
            m = Class.forName("sun.nio.ch.SelChImpl").getMethod("getFDVal");
            m.setAccessible(true);
        } catch (Throwable t) {
            m = null;
            try {
                f = Class.forName("sun.nio.ch.DatagramChannelImpl").getDeclaredField("fdVal");
                f.setAccessible(true);
            } catch (Throwable t2) {
                f = null;
                if (why == null) {
                    why = "the socket fd is not reachable (run with --add-opens=java.base/sun.nio.ch=ALL-UNNAMED)";
                }
            }
        }
        GET_FD_VAL = m;
        FD_VAL = f;
        LOADED = ok && (m != null || f != null);
        LOAD_ERROR = why;
    }

    private UdpGso() {
    }

    static native long sendmsg(int fd, long msg, int flags);

    static native long recvmsg(int fd, long msg, int flags);

    static native int setsockopt(int fd, int level, int name, long value, int len);

    static native int getsockopt(int fd, int level, int name, long value, long lenPtr);

    static native int poll(long fds, long nfds, int timeoutMillis);

    /** True when the native calls and the channel fd are usable (does not say the kernel has GSO/GRO). */
    public static boolean available() {
        return LOADED;
    }

    /** Why {@link #available()} is false, or null. */
    public static String unavailableReason() {
        return LOAD_ERROR;
    }

    /** The errno of this thread's last native call. */
    public static int errno() {
        return Native.getLastError();
    }

    /** The OS fd of an open channel, or -1. */
    public static int fdOf(DatagramChannel ch) {
        if (!LOADED) {
            return -1;
        }
        try {
            if (GET_FD_VAL != null) {
                return (Integer) GET_FD_VAL.invoke(ch);
            }
            return FD_VAL.getInt(ch);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return -1;
        }
    }

    /** The socket's address family ({@link #AF_INET} / {@link #AF_INET6}), or -1. */
    public static int family(int fd) {
        if (!LOADED || fd < 0) {
            return -1;
        }
        try (Memory m = new Memory(8)) {
            m.setInt(0, 0);
            m.setInt(4, 4);
            if (getsockopt(fd, SOL_SOCKET, SO_DOMAIN, Pointer.nativeValue(m), Pointer.nativeValue(m) + 4) != 0) {
                return -1;
            }
            return m.getInt(0);
        }
    }

    /**
     * Whether the kernel takes UDP_SEGMENT on this socket: a getsockopt of it succeeds (ENOPROTOOPT before 4.18).
     * Nothing is changed on the socket: GSO is asked per call with a cmsg, so plain sends stay plain.
     */
    public static boolean gsoSupported(int fd) {
        if (!LOADED || fd < 0) {
            return false;
        }
        try (Memory m = new Memory(8)) {
            m.setInt(0, 0);
            m.setInt(4, 4);
            return getsockopt(fd, SOL_UDP, UDP_SEGMENT, Pointer.nativeValue(m), Pointer.nativeValue(m) + 4) == 0;
        }
    }

    /**
     * Turns UDP_GRO on (true) or off for the socket. Once on, every read of the socket must take up to 64 KB and
     * split by the cmsg ({@link UdpGroReceiver}): a plain 1.5 KB read would truncate a coalesced buffer.
     *
     * @return false when the kernel refused (errno in {@link #errno()})
     */
    public static boolean setGro(int fd, boolean on) {
        if (!LOADED || fd < 0) {
            return false;
        }
        try (Memory m = new Memory(4)) {
            m.setInt(0, on ? 1 : 0);
            return setsockopt(fd, SOL_UDP, UDP_GRO, Pointer.nativeValue(m), 4) == 0;
        }
    }

    /**
     * Asks the kernel to tell, with every received datagram, the local address it was sent to (IPV6_RECVPKTINFO on
     * a dual-stack socket, which reports IPv4 as ::ffff:a.b.c.d; IP_PKTINFO on an AF_INET socket), so that a server
     * bound to the wildcard address can answer from the address the peer used ({@link UdpBatchSender#add} with a
     * source). Without it a multi-homed host answers from the route's address, which a connected client or a NAT
     * drops.
     *
     * @return false when the kernel refused (errno in {@link #errno()})
     */
    public static boolean setPktInfo(int fd) {
        if (!LOADED || fd < 0) {
            return false;
        }
        int fam = family(fd);
        try (Memory m = new Memory(4)) {
            m.setInt(0, 1);
            return fam == AF_INET
                    ? setsockopt(fd, SOL_IP, IP_PKTINFO, Pointer.nativeValue(m), 4) == 0
                    : setsockopt(fd, SOL_IPV6, IPV6_RECVPKTINFO, Pointer.nativeValue(m), 4) == 0;
        }
    }

    /** Waits until {@code fd} is readable: 1 readable (or in error), 0 timeout, -1 error (errno). */
    static int pollIn(Memory pollFd, int fd, int timeoutMillis) {
        pollFd.setInt(0, fd);
        pollFd.setShort(4, POLLIN);
        pollFd.setShort(6, (short) 0);
        return poll(Pointer.nativeValue(pollFd), 1, timeoutMillis);
    }

    // ------------------------------------------------------------------ sockaddr

    /**
     * Writes {@code a} as a sockaddr of {@code family} at {@code out[0..]}; IPv4 into an AF_INET6 socket as
     * ::ffff:a.b.c.d. Allocates (InetAddress.getAddress copies): callers cache the result per destination.
     *
     * @return the sockaddr length, or -1 when the address does not fit the family (IPv6 into an AF_INET socket)
     */
    public static int encode(InetSocketAddress a, int family, byte[] out) {
        java.util.Arrays.fill(out, 0, SOCKADDR_LEN, (byte) 0);
        InetAddress ip = a.getAddress();
        if (ip == null) {
            return -1;
        }
        byte[] raw = ip.getAddress();
        int port = a.getPort();
        if (family == AF_INET) {
            if (raw.length != 4) {
                return -1;
            }
            out[0] = (byte) AF_INET;
            out[2] = (byte) (port >>> 8);
            out[3] = (byte) port;
            System.arraycopy(raw, 0, out, 4, 4);
            return 16;
        }
        out[0] = (byte) AF_INET6;
        out[2] = (byte) (port >>> 8);
        out[3] = (byte) port;
        if (raw.length == 4) {
            out[18] = (byte) 0xff;
            out[19] = (byte) 0xff;
            System.arraycopy(raw, 0, out, 20, 4);
        } else {
            System.arraycopy(raw, 0, out, 8, 16);
            if (ip instanceof Inet6Address v6 && v6.getScopeId() != 0) {
                int s = v6.getScopeId();
                out[24] = (byte) s;
                out[25] = (byte) (s >>> 8);
                out[26] = (byte) (s >>> 16);
                out[27] = (byte) (s >>> 24);
            }
        }
        return SOCKADDR_LEN;
    }

    /** Reads a sockaddr_in / sockaddr_in6 (IPv4-mapped becomes an Inet4Address, as the JDK does); null when unknown. */
    public static InetSocketAddress decode(byte[] sa, int len) {
        int family = (sa[0] & 0xff) | ((sa[1] & 0xff) << 8);
        int port = ((sa[2] & 0xff) << 8) | (sa[3] & 0xff);
        try {
            if (family == AF_INET && len >= 8) {
                return new InetSocketAddress(InetAddress.getByAddress(java.util.Arrays.copyOfRange(sa, 4, 8)), port);
            }
            if (family == AF_INET6 && len >= 24) {
                byte[] raw = java.util.Arrays.copyOfRange(sa, 8, 24);
                int scope = len >= 28 ? (sa[24] & 0xff) | ((sa[25] & 0xff) << 8) | ((sa[26] & 0xff) << 16) | ((sa[27] & 0xff) << 24) : 0;
                InetAddress ip = InetAddress.getByAddress(raw);       // ::ffff:a.b.c.d -> Inet4Address
                if (scope != 0 && !(ip instanceof Inet4Address)) {
                    ip = Inet6Address.getByAddress(null, raw, scope);
                }
                return new InetSocketAddress(ip, port);
            }
        } catch (UnknownHostException e) {
            return null;
        }
        return null;
    }
}
