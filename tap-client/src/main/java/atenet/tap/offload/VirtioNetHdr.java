package atenet.tap.offload;

import java.nio.ByteBuffer;

/**
 * {@code struct virtio_net_hdr} (linux/virtio_net.h), the 10-byte header in front of every frame read from or
 * written to a TAP opened with IFF_VNET_HDR:
 * <pre>
 *  u8 flags | u8 gso_type | u16 hdr_len | u16 gso_size | u16 csum_start | u16 csum_offset
 * </pre>
 * The u16 fields are in the host's byte order for a legacy (non-IFF_VNET_LE) tun on a little-endian host, i.e.
 * little-endian on x86_64/aarch64, which is all we support. csum_start is counted from the start of the Ethernet frame.
 */
public final class VirtioNetHdr {
    public static final int LEN = 10;
    public static final int F_NEEDS_CSUM = 1;
    public static final int F_DATA_VALID = 2;
    public static final int GSO_NONE = 0;
    public static final int GSO_TCPV4 = 1;
    public static final int GSO_UDP = 3;
    public static final int GSO_TCPV6 = 4;
    public static final int GSO_ECN = 0x80;

    private VirtioNetHdr() {
    }

    public static int le16(ByteBuffer b, int i) {
        return (b.get(i) & 0xff) | (b.get(i + 1) & 0xff) << 8;
    }

    public static void putLe16(ByteBuffer b, int i, int v) {
        b.put(i, (byte) v);
        b.put(i + 1, (byte) (v >>> 8));
    }

    /** Writes a header at {@code at}. */
    public static void put(ByteBuffer b, int at, int flags, int gsoType, int hdrLen, int gsoSize, int csumStart, int csumOffset) {
        b.put(at, (byte) flags);
        b.put(at + 1, (byte) gsoType);
        putLe16(b, at + 2, hdrLen);
        putLe16(b, at + 4, gsoSize);
        putLe16(b, at + 6, csumStart);
        putLe16(b, at + 8, csumOffset);
    }

    /** Writes an all-zero header (a complete, ordinary frame follows). */
    public static void putZero(ByteBuffer b, int at) {
        b.putLong(at, 0);
        b.putShort(at + 8, (short) 0);
    }
}
