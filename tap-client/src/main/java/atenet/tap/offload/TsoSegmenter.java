package atenet.tap.offload;

import java.nio.ByteBuffer;

import static atenet.tap.offload.Checksum.put16;

/**
 * READ SIDE, HOT PATH: turns one TAP read with a virtio_net_hdr in front into complete, ordinary Ethernet frames.
 * <ul>
 *   <li>no GSO, {@code NEEDS_CSUM}: the checksum from csum_start to the end is completed (the field holds the
 *       pseudo-header sum, as virtio specifies) and stored at csum_start + csum_offset;</li>
 *   <li>GSO TCPV4/TCPV6 (ECN bit allowed): split into segments of at most gso_size payload bytes, each with a
 *       copy of the Ethernet/IP/TCP headers: IPv4 total length, id + i and header checksum, IPv6 payload length,
 *       TCP seq + offset, FIN/PSH only on the last segment, CWR only on the first, and a full TCP checksum;</li>
 *   <li>anything else is passed through as it is.</li>
 * </ul>
 * Each frame is built in {@code out} at {@code outOff} and handed to the {@link Sink} before the next one is built.
 * No allocation. One instance per reader thread (it is stateless apart from the sink, which may be shared).
 */
public final class TsoSegmenter {
    /** Receives one complete frame of {@code len} bytes at the segmenter's output offset. */
    public interface Sink {
        void frame(int len);
    }

    /** Outcomes other than a count of frames. */
    public static final int MALFORMED = -1;
    public static final int OVERSIZE = -2;

    private static final int TCP_FIN = 0x01, TCP_PSH = 0x08, TCP_CWR = 0x80;

    private final byte[] out;
    private final int outOff;
    private final int maxFrame;
    private final Sink sink;

    /**
     * @param out      where frames are built (for example the packet buffer, at the payload offset of the overlay)
     * @param maxFrame the largest frame the sink accepts (OverlayHeader.MAX_PAYLOAD_LEN)
     */
    public TsoSegmenter(byte[] out, int outOff, int maxFrame, Sink sink) {
        if (outOff + maxFrame > out.length) {
            throw new IllegalArgumentException("output buffer too small");
        }
        this.out = out;
        this.outOff = outOff;
        this.maxFrame = maxFrame;
        this.sink = sink;
    }

    /**
     * HOT PATH. Handles one read: {@code n} bytes at index 0 of {@code src}, a virtio_net_hdr then the frame.
     *
     * @return the number of frames handed to the sink, or {@link #MALFORMED} / {@link #OVERSIZE} (nothing sent)
     */
    public int process(ByteBuffer src, int n) {
        int frameLen = n - VirtioNetHdr.LEN;
        if (frameLen < 14) {
            return MALFORMED;
        }
        int flags = src.get(0) & 0xff;
        int gsoType = src.get(1) & 0xff & ~VirtioNetHdr.GSO_ECN;
        int f = VirtioNetHdr.LEN;
        if (gsoType == VirtioNetHdr.GSO_NONE) {
            if (frameLen > maxFrame) {
                return OVERSIZE;
            }
            src.get(f, out, outOff, frameLen);
            if ((flags & VirtioNetHdr.F_NEEDS_CSUM) != 0) {
                int start = VirtioNetHdr.le16(src, 6);
                int field = start + VirtioNetHdr.le16(src, 8);
                if (field + 2 > frameLen) {
                    return MALFORMED;
                }
                int c = Checksum.finish(Checksum.sum(out, outOff + start, frameLen - start, 0));
                put16(out, outOff + field, c == 0 ? 0xffff : c);     // like the kernel's skb_checksum_help
            }
            sink.frame(frameLen);
            return 1;
        }
        if (gsoType != VirtioNetHdr.GSO_TCPV4 && gsoType != VirtioNetHdr.GSO_TCPV6) {
            return MALFORMED;     // not offered (no USO/UFO): never expected
        }
        boolean v6 = gsoType == VirtioNetHdr.GSO_TCPV6;
        int gsoSize = VirtioNetHdr.le16(src, 4);
        int ipOff = 14;
        int etherType = ((src.get(f + 12) & 0xff) << 8) | (src.get(f + 13) & 0xff);
        if (etherType == 0x8100 || etherType == 0x88a8) {
            ipOff = 18;
        }
        if (ipOff + (v6 ? 40 : 20) + 20 > frameLen) {
            return MALFORMED;     // no room for the IP and TCP headers (the IHL read below needs ipOff < frameLen)
        }
        // hdr_len from the kernel is not trusted (it may be the whole linear part): parse the TCP header length.
        int tcpOff;
        if ((flags & VirtioNetHdr.F_NEEDS_CSUM) != 0) {
            tcpOff = VirtioNetHdr.le16(src, 6);
        } else {
            tcpOff = v6 ? ipOff + 40 : ipOff + ((src.get(f + ipOff) & 0x0f) << 2);
        }
        if (tcpOff + 20 > frameLen || gsoSize == 0) {
            return MALFORMED;
        }
        int hdrLen = tcpOff + ((src.get(f + tcpOff + 12) & 0xf0) >>> 2);
        if (hdrLen < tcpOff + 20 || hdrLen > frameLen || tcpOff < ipOff + (v6 ? 40 : 20)) {
            return MALFORMED;
        }
        if (hdrLen + gsoSize > maxFrame) {
            return OVERSIZE;
        }
        int payload = frameLen - hdrLen;
        int id0 = v6 ? 0 : ((src.get(f + ipOff + 4) & 0xff) << 8) | (src.get(f + ipOff + 5) & 0xff);
        int seq0 = src.getInt(f + tcpOff + 4);
        int flags0 = src.get(f + tcpOff + 13) & 0xff;
        int ihl = v6 ? 0 : (src.get(f + ipOff) & 0x0f) << 2;
        int o = outOff;
        int sent = 0;
        int pos = 0;
        do {
            int segPay = Math.min(gsoSize, payload - pos);
            int segLen = hdrLen + segPay;
            src.get(f, out, o, hdrLen);
            src.get(f + hdrLen + pos, out, o + hdrLen, segPay);
            if (v6) {
                put16(out, o + ipOff + 4, segLen - ipOff - 40);
            } else {
                put16(out, o + ipOff + 2, segLen - ipOff);
                put16(out, o + ipOff + 4, (id0 + sent) & 0xffff);
                put16(out, o + ipOff + 10, 0);
                put16(out, o + ipOff + 10, Checksum.finish(Checksum.sum(out, o + ipOff, ihl, 0)));
            }
            int t = o + tcpOff;
            int seq = seq0 + pos;
            out[t + 4] = (byte) (seq >>> 24);
            out[t + 5] = (byte) (seq >>> 16);
            out[t + 6] = (byte) (seq >>> 8);
            out[t + 7] = (byte) seq;
            int fl = flags0;
            if (pos + segPay < payload) {
                fl &= ~(TCP_FIN | TCP_PSH);
            }
            if (sent > 0) {
                fl &= ~TCP_CWR;
            }
            out[t + 13] = (byte) fl;
            put16(out, t + 16, 0);
            int l4 = segLen - tcpOff;
            long acc = Checksum.pseudoHeader(out, o + ipOff, v6, 6, l4);
            put16(out, t + 16, Checksum.finish(Checksum.sum(out, t, l4, acc)));
            sink.frame(segLen);
            sent++;
            pos += segPay;
        } while (pos < payload);
        return sent;
    }
}
