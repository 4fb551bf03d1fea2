package atenet.tap;

import java.nio.ByteBuffer;

/**
 * One layer-2 TAP device (Ethernet frames, no packet-information prefix), shaped like wireguard-go's
 * {@code tun.Device}. The Linux implementation is {@link atenet.tap.jna.LinuxTun}; tests use fakes.
 *
 * <p>Threading: one thread at a time reads ({@link #read}; the caller orders reads from several threads, as
 * {@code TapClient}'s token does), any thread may wait ({@link #awaitReadable}), one other thread writes;
 * {@link #close} may be called from any thread, once the reader has been asked to stop.
 */
public interface TapDevice extends AutoCloseable {
    /** The device's name as the kernel knows it (for example "atn0"). */
    String name();

    /**
     * 0 for plain frames; 10 when the device was opened with IFF_VNET_HDR: every read then starts with a
     * virtio_net_hdr and every write must carry one (see {@link atenet.tap.offload.VirtioNetHdr}).
     */
    default int vnetHeaderLen() {
        return 0;
    }

    /**
     * HOT PATH. Reads one frame into {@code directBuf} at index 0 (position and limit are ignored and not changed).
     *
     * @return the frame length, or -1 when no frame is waiting (EAGAIN) or the device is closed
     */
    int read(ByteBuffer directBuf);

    /** Waits up to {@code timeoutMillis} for a frame; true when one (or an error) is waiting. */
    boolean awaitReadable(int timeoutMillis);

    /** HOT PATH. Writes {@code len} bytes from index 0 of {@code directBuf} as one frame; drops it when the kernel refuses. */
    void write(ByteBuffer directBuf, int len);

    /** Closes the file descriptor; the kernel removes the (non-persistent) device. Idempotent. */
    @Override
    void close();
}
