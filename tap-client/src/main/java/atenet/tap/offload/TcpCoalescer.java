package atenet.tap.offload;

import java.nio.ByteBuffer;
import java.util.Arrays;

import static atenet.tap.offload.Checksum.get16;
import static atenet.tap.offload.Checksum.put16;

/**
 * WRITE SIDE, HOT PATH: userspace GRO for a TAP opened with IFF_VNET_HDR. Consecutive TCP segments of one flow
 * (same Ethernet header, IP addresses and fields, ports, ack, window and TCP options; contiguous sequence numbers;
 * every payload equal to the first one's except a shorter last one) are merged into one large frame, written with
 * a virtio_net_hdr {NEEDS_CSUM, GSO_TCPV4/TCPV6, hdr_len, gso_size = first payload, csum_start = TCP header,
 * csum_offset = 16}; the IPv4 total length and header checksum (or the IPv6 payload length) are fixed and the TCP
 * checksum field holds the pseudo-header sum, as the kernel expects for CHECKSUM_PARTIAL.
 *
 * <p>Only the current run of one flow is kept (no table): a frame of another flow, a non-candidate, a PSH or short
 * segment, 64 KB or {@link #MAX_SEGMENTS} segments, or {@link #flush()} (the socket is empty) ends it. Candidates are
 * IPv4 (no options, not a fragment, valid header checksum) or IPv6 (no extension header) carrying TCP with ACK set,
 * none of SYN/FIN/RST/URG/CWR, a payload, and a valid TCP checksum (so that a corrupted segment still reaches the
 * kernel alone and is dropped there, as without offloads). Everything else is written as it is, behind a zero
 * header. A run of one segment is written unchanged behind a zero header.
 *
 * <p>One instance per writer thread; no allocation per frame.
 */
public final class TcpCoalescer {
    /** Writes {@code len} bytes from index 0 of a direct buffer as one TAP frame (TapDevice::write). */
    public interface FrameWriter {
        void write(ByteBuffer buf, int len);
    }

    public static final int MAX_SEGMENTS = 64;
    /** Largest IPv4 total length / IPv6 payload length of a merged packet. */
    static final int MAX_IP_LEN = 65535;
    private static final int H = VirtioNetHdr.LEN;
    private static final int TCP_FIN = 0x01, TCP_SYN = 0x02, TCP_RST = 0x04, TCP_PSH = 0x08, TCP_ACK = 0x10,
            TCP_URG = 0x20, TCP_CWR = 0x80;
    private static final int MAX_HDR = 14 + 40 + 60;

    private final ByteBuffer out;
    private final FrameWriter writer;
    /** Header of the first segment of the run (heap copy, for fast comparisons and the final fix-up). */
    private final byte[] hdr = new byte[MAX_HDR];

    private int count;
    private int frameLen;   // bytes of the merged frame after the virtio header
    private boolean v6;
    private int tcpOff;
    private int hdrLen;
    private int gsoSize;
    private int nextSeq;
    private int pshFlag;
    private long merged;    // segments that went into merged frames (statistics)
    private long mergedFrames;

    /** @param out a direct buffer of at least 10 + 14 + 65535 bytes, used for every write */
    public TcpCoalescer(ByteBuffer out, FrameWriter writer) {
        if (out.capacity() < H + 14 + MAX_IP_LEN) {
            throw new IllegalArgumentException("output buffer too small");
        }
        this.out = out;
        this.writer = writer;
    }

    /** True while a run is waiting for more segments. */
    public boolean pending() {
        return count > 0;
    }

    public long mergedSegments() {
        return merged;
    }

    public long mergedFrames() {
        return mergedFrames;
    }

    /** HOT PATH. Takes one complete Ethernet frame ({@code len} bytes at {@code off}); may write earlier ones. */
    public void add(byte[] f, int off, int len) {
        int tcp = candidateTcpOffset(f, off, len);
        if (tcp < 0) {
            flush();
            writePlain(f, off, len);
            return;
        }
        boolean isV6 = f[off + 12] == (byte) 0x86;
        int thl = (f[off + tcp + 12] & 0xf0) >>> 2;
        int hl = tcp + thl;
        int pay = len - hl;
        int fl = f[off + tcp + 13] & 0xff;
        int seq = getInt(f, off + tcp + 4);
        if (count > 0) {
            if (canAppend(f, off, isV6, tcp, hl, pay, fl, seq)) {
                out.put(H + frameLen, f, off + hl, pay);
                frameLen += pay;
                count++;
                nextSeq = seq + pay;
                pshFlag = fl & TCP_PSH;
                if (pshFlag != 0 || pay < gsoSize || count >= MAX_SEGMENTS) {
                    flush();
                }
                return;
            }
            flush();
        }
        // start a run
        System.arraycopy(f, off, hdr, 0, hl);
        out.put(H, f, off, len);
        count = 1;
        frameLen = len;
        v6 = isV6;
        tcpOff = tcp;
        hdrLen = hl;
        gsoSize = pay;
        nextSeq = seq + pay;
        pshFlag = fl & TCP_PSH;
        if (pshFlag != 0) {
            flush();
        }
    }

    private boolean canAppend(byte[] f, int off, boolean isV6, int tcp, int hl, int pay, int fl, int seq) {
        if (isV6 != v6 || tcp != tcpOff || hl != hdrLen || seq != nextSeq || pay > gsoSize
                || frameLen + pay - 14 > MAX_IP_LEN) {
            return false;
        }
        if ((fl & ~TCP_PSH) != (hdr[tcpOff + 13] & 0xff & ~TCP_PSH)) {
            return false;
        }
        int ip = 14;
        if (v6) {
            // version/class/flow, then next header, hop limit and both addresses (payload length differs)
            if (!Arrays.equals(f, off, off + ip + 4, hdr, 0, ip + 4)
                    || !Arrays.equals(f, off + ip + 6, off + ip + 40, hdr, ip + 6, ip + 40)) {
                return false;
            }
        } else {
            // MACs/type, version/ihl/tos; flags/fragment, ttl, protocol; addresses (length, id, checksum differ)
            if (!Arrays.equals(f, off, off + ip + 2, hdr, 0, ip + 2)
                    || !Arrays.equals(f, off + ip + 6, off + ip + 10, hdr, ip + 6, ip + 10)
                    || !Arrays.equals(f, off + ip + 12, off + ip + 20, hdr, ip + 12, ip + 20)) {
                return false;
            }
        }
        // ports; ack and data offset; window; urgent pointer and options (seq, flags and checksum handled apart)
        return Arrays.equals(f, off + tcp, off + tcp + 4, hdr, tcp, tcp + 4)
                && Arrays.equals(f, off + tcp + 8, off + tcp + 13, hdr, tcp + 8, tcp + 13)
                && Arrays.equals(f, off + tcp + 14, off + tcp + 16, hdr, tcp + 14, tcp + 16)
                && Arrays.equals(f, off + tcp + 18, off + hl, hdr, tcp + 18, hl);
    }

    /** HOT PATH. Writes the current run, if any. */
    public void flush() {
        int n = count;
        if (n == 0) {
            return;
        }
        count = 0;
        if (n == 1) {
            VirtioNetHdr.putZero(out, 0);
            writer.write(out, H + frameLen);
            return;
        }
        int ip = 14;
        int l4 = frameLen - tcpOff;
        if (v6) {
            put16(hdr, ip + 4, frameLen - ip - 40);
        } else {
            put16(hdr, ip + 2, frameLen - ip);
            put16(hdr, ip + 10, 0);
            put16(hdr, ip + 10, Checksum.finish(Checksum.sum(hdr, ip, 20, 0)));
        }
        hdr[tcpOff + 13] = (byte) ((hdr[tcpOff + 13] & ~TCP_PSH) | pshFlag);
        put16(hdr, tcpOff + 16, Checksum.fold(Checksum.pseudoHeader(hdr, ip, v6, 6, l4)));
        out.put(H, hdr, 0, hdrLen);
        VirtioNetHdr.put(out, 0, VirtioNetHdr.F_NEEDS_CSUM, v6 ? VirtioNetHdr.GSO_TCPV6 : VirtioNetHdr.GSO_TCPV4,
                hdrLen, gsoSize, tcpOff, 16);
        merged += n;
        mergedFrames++;
        writer.write(out, H + frameLen);
    }

    private void writePlain(byte[] f, int off, int len) {
        VirtioNetHdr.putZero(out, 0);
        out.put(H, f, off, len);
        writer.write(out, H + len);
    }

    /**
     * The TCP header offset when the frame may be merged, else -1: untagged IPv4 without options or fragmentation and
     * with a valid header checksum, or IPv6 without extension headers; TCP with ACK, none of SYN/FIN/RST/URG/CWR, a
     * payload, a length that matches the frame, and a valid checksum.
     */
    static int candidateTcpOffset(byte[] f, int off, int len) {
        if (len < 14 + 20 + 20) {
            return -1;
        }
        int ip = off + 14;
        int tcp;
        boolean isV6;
        int et = get16(f, off + 12);
        if (et == 0x0800) {
            if (f[ip] != 0x45 || f[ip + 9] != 6 || (get16(f, ip + 6) & 0x3fff) != 0 || get16(f, ip + 2) != len - 14
                    || Checksum.fold(Checksum.sum(f, ip, 20, 0)) != 0xffff) {
                return -1;
            }
            tcp = 14 + 20;
            isV6 = false;
        } else if (et == 0x86dd) {
            if ((f[ip] & 0xf0) != 0x60 || f[ip + 6] != 6 || len < 14 + 40 + 20 || get16(f, ip + 4) != len - 14 - 40) {
                return -1;
            }
            tcp = 14 + 40;
            isV6 = true;
        } else {
            return -1;
        }
        int fl = f[off + tcp + 13] & 0xff;
        if ((fl & TCP_ACK) == 0 || (fl & (TCP_SYN | TCP_FIN | TCP_RST | TCP_URG | TCP_CWR)) != 0) {
            return -1;
        }
        int thl = (f[off + tcp + 12] & 0xf0) >>> 2;
        if (thl < 20 || tcp + thl >= len) {
            return -1;   // no payload
        }
        int l4 = len - tcp;
        long acc = Checksum.pseudoHeader(f, ip, isV6, 6, l4);
        if (Checksum.fold(Checksum.sum(f, off + tcp, l4, acc)) != 0xffff) {
            return -1;
        }
        return tcp;
    }

    private static int getInt(byte[] b, int i) {
        return (b[i] & 0xff) << 24 | (b[i + 1] & 0xff) << 16 | (b[i + 2] & 0xff) << 8 | (b[i + 3] & 0xff);
    }
}
