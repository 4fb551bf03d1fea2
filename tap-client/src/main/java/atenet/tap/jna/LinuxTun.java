package atenet.tap.jna;

import atenet.tap.TapDevice;
import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

import java.nio.ByteBuffer;

/**
 * A Linux TAP device opened through /dev/net/tun, with JNA <em>direct mapping</em> ({@link Native#register}) of the
 * few libc calls it needs: the fastest JNA path (stack.md: 240-304 k writes/s against 188-215 k for interface mapping).
 *
 * <p>The fd is non-blocking: {@link #read} returns -1 on EAGAIN, {@link #awaitReadable} polls. Only the calls that
 * can fail at set-up ({@code open}, {@code ioctl}, {@code fcntl}) throw {@link LastErrorException}; the hot calls
 * return -1 and never allocate. Linux x86_64/aarch64 only (size_t and long are 64 bits).
 */
public final class LinuxTun implements TapDevice {
    /** _IOW('T', 202, int) */
    public static final long TUNSETIFF = 0x400454caL;
    public static final int IFF_TAP = 0x0002;
    public static final int IFF_NO_PI = 0x1000;
    public static final int IFF_VNET_HDR = 0x4000;
    /** _IOW('T', 216, int): the argument points to an int. */
    public static final long TUNSETVNETHDRSZ = 0x400454d8L;
    /** _IOW('T', 208, unsigned int): the argument is the value itself. */
    public static final long TUNSETOFFLOAD = 0x400454d0L;
    public static final int TUN_F_CSUM = 0x01, TUN_F_TSO4 = 0x02, TUN_F_TSO6 = 0x04;
    /** The virtio_net_hdr size we ask for: the 10-byte legacy header (no num_buffers). */
    public static final int VNET_HDR_LEN = 10;
    private static final int O_RDWR = 0x2;
    private static final int O_NONBLOCK = 0x800;
    private static final int O_CLOEXEC = 0x80000;
    private static final int F_GETFL = 3;
    private static final int F_SETFL = 4;
    private static final short POLLIN = 0x1;
    private static final int EPERM = 1, ENOENT = 2, ENXIO = 6, EACCES = 13, EBUSY = 16, ENODEV = 19, EINVAL = 22;

    static {
        Native.register(Platform.C_LIBRARY_NAME);
    }

    private static native int open(String path, int flags) throws LastErrorException;

    private static native int ioctl(int fd, long request, IfReq ifr) throws LastErrorException;

    private static native int ioctl(int fd, long request, Pointer arg) throws LastErrorException;

    private static native int ioctl(int fd, long request, long arg) throws LastErrorException;

    private static native int fcntl(int fd, int cmd, int arg) throws LastErrorException;

    private static native long read(int fd, long buf, long count);

    private static native long write(int fd, long buf, long count);

    private static native int poll(Pointer fds, long nfds, int timeout);

    private static native int close(int fd);

    private final String name;
    private final int vnetHeaderLen;
    private volatile int fd;
    /** struct pollfd { int fd; short events; short revents; }: used by the reader thread only. */
    private final Memory pollFd = new Memory(8);
    // One-entry caches of the last direct buffer's address, one per direction (reader thread, writer thread).
    private ByteBuffer readBuf;
    private long readAddr;
    private ByteBuffer writeBuf;
    private long writeAddr;

    private LinuxTun(int fd, String name, int vnetHeaderLen) {
        this.fd = fd;
        this.name = name;
        this.vnetHeaderLen = vnetHeaderLen;
        pollFd.setInt(0, fd);
        pollFd.setShort(4, POLLIN);
    }

    /**
     * Creates a TAP device.
     *
     * @param requestedName a name, or a pattern such as "atn%d" for which the kernel picks the number
     * @throws TapException with a message fit for the user
     */
    public static LinuxTun create(String requestedName) {
        return create(requestedName, false, null);
    }

    /**
     * Creates a TAP device, with offloads when {@code offload}: IFF_VNET_HDR, TUNSETVNETHDRSZ = 10 and TUNSETOFFLOAD =
     * CSUM | TSO4 | TSO6. Every read then starts with a virtio_net_hdr and every write must carry one
     * ({@link #vnetHeaderLen()} = 10). When an offload ioctl fails the device is closed and created again in plain
     * mode, and {@code warn} gets one line.
     */
    public static LinuxTun create(String requestedName, boolean offload, java.util.function.Consumer<String> warn) {
        if (offload) {
            try {
                return open(requestedName, true);
            } catch (OffloadException e) {
                if (warn != null) {
                    warn.accept("tap-client: TAP offloads unavailable (" + e.getMessage() + "); using plain frames");
                }
            }
        }
        return open(requestedName, false);
    }

    private static LinuxTun open(String requestedName, boolean offload) {
        int fd;
        try {
            fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
        } catch (LastErrorException e) {
            throw new TapException(switch (e.getErrorCode()) {
                case ENOENT -> "/dev/net/tun does not exist (load the tun module: modprobe tun)";
                case ENXIO, ENODEV -> "/dev/net/tun exists but the tun driver is missing (modprobe tun)";
                case EPERM, EACCES -> "cannot open /dev/net/tun: creating a TAP device needs root or CAP_NET_ADMIN";
                default -> "cannot open /dev/net/tun: " + e.getMessage();
            });
        }
        try {
            IfReq req = new IfReq(requestedName, IFF_TAP | IFF_NO_PI | (offload ? IFF_VNET_HDR : 0));
            try {
                ioctl(fd, TUNSETIFF, req);
            } catch (LastErrorException e) {
                throw new TapException(switch (e.getErrorCode()) {
                    case EPERM, EACCES -> "creating a TAP device needs root or CAP_NET_ADMIN";
                    case EBUSY -> "the device name '" + requestedName + "' is taken (a TAP device of that name is in use)";
                    case EINVAL -> "the device name '" + requestedName + "' is taken or invalid (an interface of another kind may have it)";
                    default -> "TUNSETIFF failed for '" + requestedName + "': " + e.getMessage();
                });
            }
            req.read();
            if (offload) {
                try (Memory size = new Memory(4)) {
                    size.setInt(0, VNET_HDR_LEN);
                    ioctl(fd, TUNSETVNETHDRSZ, size);
                    ioctl(fd, TUNSETOFFLOAD, (long) (TUN_F_CSUM | TUN_F_TSO4 | TUN_F_TSO6));
                } catch (LastErrorException e) {
                    throw new OffloadException("ioctl: " + e.getMessage());
                }
            }
            int flags = fcntl(fd, F_GETFL, 0);
            fcntl(fd, F_SETFL, flags | O_NONBLOCK);
            return new LinuxTun(fd, req.name(), offload ? VNET_HDR_LEN : 0);
        } catch (RuntimeException e) {
            close(fd);
            if (e instanceof LastErrorException le) {
                throw new TapException("cannot set up the TAP device: " + le.getMessage());
            }
            throw e;
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int vnetHeaderLen() {
        return vnetHeaderLen;
    }

    @Override
    public int read(ByteBuffer directBuf) {
        int f = fd;
        if (f < 0) {
            return -1;
        }
        if (directBuf != readBuf) {
            readAddr = Pointer.nativeValue(Native.getDirectBufferPointer(directBuf));
            readBuf = directBuf;
        }
        return (int) read(f, readAddr, directBuf.capacity());
    }

    @Override
    public boolean awaitReadable(int timeoutMillis) {
        if (fd < 0) {
            return false;
        }
        pollFd.setShort(6, (short) 0);
        return poll(pollFd, 1, timeoutMillis) > 0;
    }

    @Override
    public void write(ByteBuffer directBuf, int len) {
        int f = fd;
        if (f < 0) {
            return;
        }
        if (directBuf != writeBuf) {
            writeAddr = Pointer.nativeValue(Native.getDirectBufferPointer(directBuf));
            writeBuf = directBuf;
        }
        write(f, writeAddr, len);
    }

    @Override
    public synchronized void close() {
        int f = fd;
        if (f >= 0) {
            fd = -1;
            close(f);
        }
    }

    private static final class OffloadException extends RuntimeException {
        OffloadException(String message) {
            super(message);
        }
    }

    /** A TAP device could not be created; the message is written for the user. */
    public static final class TapException extends RuntimeException {
        public TapException(String message) {
            super(message);
        }
    }
}
