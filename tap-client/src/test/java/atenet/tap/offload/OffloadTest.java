package atenet.tap.offload;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static atenet.tap.offload.Frames.*;
import static org.junit.jupiter.api.Assertions.*;

/** Layer: pure. Segmentation, checksum completion and coalescing, checked with an independent checksum. */
class OffloadTest {
    static final int OUT_OFF = 41;
    static final int MAX_FRAME = 1543;

    /** Runs the segmenter and returns copies of the frames it emits. */
    static List<byte[]> segment(ByteBuffer in, int n, int[] result) {
        byte[] out = new byte[1600];
        List<byte[]> frames = new ArrayList<>();
        TsoSegmenter s = new TsoSegmenter(out, OUT_OFF, MAX_FRAME, len -> frames.add(Arrays.copyOfRange(out, OUT_OFF, OUT_OFF + len)));
        result[0] = s.process(in, n);
        return frames;
    }

    static byte[] tso(boolean v6, byte[] payload, int flags) {
        byte[] big = tcp(v6, 40000, 1_000_000, 777, flags, payload, 0x1234);
        makePartial(big, v6, 6, v6 ? 54 : 34, 16);
        return big;
    }

    private static void checkSegments(boolean v6, byte[] payload, int flags, List<byte[]> segs, int gso) {
        int t = v6 ? 54 : 34;
        int expected = (payload.length + gso - 1) / gso;
        assertEquals(expected, segs.size());
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        int seq = 1_000_000;
        for (int i = 0; i < segs.size(); i++) {
            byte[] s = segs.get(i);
            assertTrue(s.length <= MAX_FRAME);
            assertTrue(verifies(s, s.length), "checksums of segment " + i);
            int pay = s.length - t - 32;
            assertEquals(i < segs.size() - 1 ? gso : payload.length - gso * (segs.size() - 1), pay);
            assertEquals(seq, u32(s, t + 4), "seq of segment " + i);
            assertEquals(777, u32(s, t + 8));
            seq += pay;
            int fl = s[t + 13] & 0xff;
            boolean last = i == segs.size() - 1;
            assertEquals(last ? flags & (PSH | FIN) : 0, fl & (PSH | FIN), "PSH/FIN of " + i);
            assertEquals(i == 0 ? flags & CWR : 0, fl & CWR, "CWR of " + i);
            assertEquals(ACK, fl & ACK);
            if (v6) {
                assertEquals(s.length - 14 - 40, u16(s, 14 + 4));
            } else {
                assertEquals(s.length - 14, u16(s, 14 + 2));
                assertEquals((0x1234 + i) & 0xffff, u16(s, 14 + 4));
            }
            joined.write(s, t + 32, pay);
        }
        assertArrayEquals(payload, joined.toByteArray());
    }

    @Test
    void segmentsA64kTsoFrameV4() {
        byte[] payload = random(65000, 1);
        int flags = ACK | PSH | CWR;
        byte[] big = tso(false, payload, flags);
        int[] r = new int[1];
        // hdr_len deliberately wrong (the kernel may report the linear length): it must be parsed, not trusted
        List<byte[]> segs = segment(withVnet(big, 1, VirtioNetHdr.GSO_TCPV4, 1000, 1348, 34, 16), big.length + 10, r);
        assertEquals(segs.size(), r[0]);
        checkSegments(false, payload, flags, segs, 1348);
    }

    @Test
    void segmentsATsoFrameV6WithEcnBitAndFin() {
        byte[] payload = random(20000, 2);
        int flags = ACK | FIN;
        byte[] big = tso(true, payload, flags);
        int[] r = new int[1];
        List<byte[]> segs = segment(withVnet(big, 1, VirtioNetHdr.GSO_TCPV6 | VirtioNetHdr.GSO_ECN, 86, 1328, 54, 16),
                big.length + 10, r);
        checkSegments(true, payload, flags, segs, 1328);
    }

    /** Found by OffloadFuzzTest: a GSO read too short for an IP header made the IHL read run past the read. */
    @Test
    void aGsoReadTooShortForItsHeadersIsMalformed() {
        byte[] read = new byte[10 + 18];                        // virtio header, Ethernet header with a VLAN tag
        read[1] = VirtioNetHdr.GSO_TCPV4;
        read[4] = 14;                                           // gso_size
        read[10 + 12] = (byte) 0x81;                            // EtherType 0x8100: the IP header would start at 18
        int[] r = new int[1];
        assertTrue(segment(ByteBuffer.wrap(read), read.length, r).isEmpty());
        assertEquals(TsoSegmenter.MALFORMED, r[0]);
    }

    @Test
    void refusesSegmentsThatDoNotFitTheOverlay() {
        byte[] big = tso(false, random(9000, 3), ACK);
        int[] r = new int[1];
        List<byte[]> segs = segment(withVnet(big, 1, VirtioNetHdr.GSO_TCPV4, 66, 1500, 34, 16), big.length + 10, r);
        assertEquals(TsoSegmenter.OVERSIZE, r[0]);
        assertTrue(segs.isEmpty());
    }

    @Test
    void completesAPartialChecksumForTcpAndUdp() {
        // TCP
        byte[] good = tcp(false, 40000, 5, 6, ACK | PSH, random(700, 4), 9);
        byte[] partial = good.clone();
        makePartial(partial, false, 6, 34, 16);
        assertNotEquals(u16(good, 34 + 16), u16(partial, 34 + 16));
        int[] r = new int[1];
        List<byte[]> out = segment(withVnet(partial, 1, 0, 0, 0, 34, 16), partial.length + 10, r);
        assertEquals(1, r[0]);
        assertArrayEquals(good, out.get(0));
        // UDP over IPv4, odd length
        byte[] udp = udp(333);
        byte[] udpPartial = udp.clone();
        makePartial(udpPartial, false, 17, 34, 6);
        out = segment(withVnet(udpPartial, 1, 0, 0, 0, 34, 6), udp.length + 10, r);
        assertEquals(1, r[0]);
        assertTrue(verifies(out.get(0), udp.length));
        assertArrayEquals(udp, out.get(0));
        // no flags: passed through untouched
        out = segment(withVnet(udp, 0, 0, 0, 0, 0, 0), udp.length + 10, r);
        assertArrayEquals(udp, out.get(0));
    }

    static byte[] udp(int payloadLen) {
        byte[] f = new byte[14 + 20 + 8 + payloadLen];
        p16(f, 12, 0x0800);
        f[14] = 0x45;
        p16(f, 16, f.length - 14);
        f[22] = 64;
        f[23] = 17;
        f[26] = 10; f[29] = 1; f[30] = 10; f[33] = 2;
        p16(f, 24, ~naiveSum(f, 14, 20) & 0xffff);
        p16(f, 34, 5353);
        p16(f, 36, 53);
        p16(f, 38, 8 + payloadLen);
        System.arraycopy(random(payloadLen, 5), 0, f, 42, payloadLen);
        int c = ~l4Sum(f, 14, false, 17, 34, 8 + payloadLen) & 0xffff;
        p16(f, 40, c == 0 ? 0xffff : c);
        return f;
    }

    // ---------------------------------------------------------------------------------------------- GRO

    /** Captures what the coalescer writes: virtio header + frame. */
    static final class Capture implements TcpCoalescer.FrameWriter {
        final List<byte[]> writes = new ArrayList<>();

        @Override
        public void write(ByteBuffer buf, int len) {
            byte[] b = new byte[len];
            buf.get(0, b, 0, len);
            writes.add(b);
        }
    }

    static TcpCoalescer gro(Capture c) {
        return new TcpCoalescer(ByteBuffer.allocateDirect(10 + 65536 + 1024), c);
    }

    static void add(TcpCoalescer g, byte[] f) {
        byte[] pkt = new byte[OUT_OFF + f.length];
        System.arraycopy(f, 0, pkt, OUT_OFF, f.length);
        g.add(pkt, OUT_OFF, f.length);
    }

    static List<byte[]> segmentsOf(boolean v6, int n, int gso, int lastLen, int lastFlags) {
        List<byte[]> l = new ArrayList<>();
        int seq = 50_000;
        for (int i = 0; i < n; i++) {
            int len = i == n - 1 ? lastLen : gso;
            l.add(tcp(v6, 40000, seq, 99, i == n - 1 ? lastFlags : ACK, random(len, 100 + i), 7 + i));
            seq += len;
        }
        return l;
    }

    @Test
    void coalescesARunIntoOneGsoWriteAndSegmentsBackToTheSameFrames() {
        for (boolean v6 : new boolean[]{false, true}) {
            List<byte[]> segs = segmentsOf(v6, 40, 1348, 500, ACK | PSH);
            Capture c = new Capture();
            TcpCoalescer g = gro(c);
            for (byte[] s : segs) {
                add(g, s);
            }
            assertEquals(1, c.writes.size(), "the PSH segment ends the run");
            assertFalse(g.pending());
            byte[] w = c.writes.get(0);
            ByteBuffer h = ByteBuffer.wrap(w).order(ByteOrder.LITTLE_ENDIAN);
            int t = v6 ? 54 : 34;
            int total = 14 + (v6 ? 40 : 20) + 32 + 39 * 1348 + 500;
            assertEquals(10 + total, w.length);
            assertEquals(VirtioNetHdr.F_NEEDS_CSUM, h.get(0));
            assertEquals(v6 ? VirtioNetHdr.GSO_TCPV6 : VirtioNetHdr.GSO_TCPV4, h.get(1));
            assertEquals(t + 32, h.getShort(2));
            assertEquals(1348, h.getShort(4));
            assertEquals(t, h.getShort(6));
            assertEquals(16, h.getShort(8));
            byte[] f = Arrays.copyOfRange(w, 10, w.length);
            if (v6) {
                assertEquals(total - 54, u16(f, 18));
            } else {
                assertEquals(total - 14, u16(f, 16));
                assertEquals(0xffff, naiveSum(f, 14, 20), "IPv4 header checksum");
            }
            assertEquals(ACK | PSH, f[t + 13] & 0xff);
            assertEquals(50_000, u32(f, t + 4));
            // TCP checksum field = pseudo-header sum (not inverted), as for CHECKSUM_PARTIAL
            byte[] expect = f.clone();
            makePartial(expect, v6, 6, t, 16);
            assertEquals(u16(expect, t + 16), u16(f, t + 16));
            // round trip: segment the merged frame as the kernel would hand it to us, get the original frames back
            int[] r = new int[1];
            ByteBuffer in = ByteBuffer.allocateDirect(w.length + 16);
            in.put(0, w);
            List<byte[]> back = segment(in, w.length, r);
            assertEquals(segs.size(), back.size());
            for (int i = 0; i < segs.size(); i++) {
                assertArrayEquals(segs.get(i), back.get(i), "segment " + i + (v6 ? " v6" : " v4"));
            }
        }
    }

    @Test
    void flushWritesTheRunAndAShortSegmentEndsIt() {
        Capture c = new Capture();
        TcpCoalescer g = gro(c);
        List<byte[]> segs = segmentsOf(false, 5, 1000, 1000, ACK);
        for (byte[] s : segs) {
            add(g, s);
        }
        assertTrue(g.pending());
        assertEquals(0, c.writes.size());
        g.flush();
        assertEquals(1, c.writes.size());
        assertEquals(10 + 66 + 5000, c.writes.get(0).length);
        // a run of one is written unchanged behind a zero header
        add(g, segs.get(0));
        g.flush();
        byte[] one = c.writes.get(1);
        assertArrayEquals(new byte[10], Arrays.copyOfRange(one, 0, 10));
        assertArrayEquals(segs.get(0), Arrays.copyOfRange(one, 10, one.length));
        // a shorter segment is the last of its run
        c.writes.clear();
        List<byte[]> s2 = segmentsOf(false, 3, 1000, 10, ACK);
        s2.forEach(s -> add(g, s));
        assertEquals(1, c.writes.size());
        assertFalse(g.pending());
    }

    @Test
    void refusesNonContiguousOtherFlowsSynAndIpOptions() {
        Capture c = new Capture();
        TcpCoalescer g = gro(c);
        List<byte[]> segs = segmentsOf(false, 4, 1000, 1000, ACK);
        // gap: 0, 2 are not contiguous
        add(g, segs.get(0));
        add(g, segs.get(2));
        g.flush();
        assertEquals(2, c.writes.size());
        assertPlain(c.writes.get(0), segs.get(0));
        assertPlain(c.writes.get(1), segs.get(2));
        // another flow (source port) in between
        c.writes.clear();
        byte[] other = tcp(false, 40001, 51_000, 99, ACK, random(1000, 9), 1);
        add(g, segs.get(0));
        add(g, other);
        add(g, segs.get(1));
        g.flush();
        assertEquals(3, c.writes.size());
        // different ack
        c.writes.clear();
        add(g, segs.get(0));
        add(g, tcp(false, 40000, 51_000, 100, ACK, random(1000, 101), 8));
        g.flush();
        assertEquals(2, c.writes.size());
        // SYN, and a frame with IP options, are never merged (written plain, at once)
        c.writes.clear();
        byte[] syn = tcp(false, 40000, 50_000, 99, ACK | SYN, random(1000, 100), 7);
        add(g, syn);
        add(g, syn);
        assertEquals(2, c.writes.size());
        assertFalse(g.pending());
        byte[] opt = withIpOptions(segs.get(0));
        assertTrue(verifies(opt, opt.length));
        assertEquals(-1, TcpCoalescer.candidateTcpOffset(opt, 0, opt.length));
        // a corrupted segment is not merged either (the kernel drops it, as without offloads)
        byte[] bad = segs.get(1).clone();
        bad[bad.length - 1] ^= 1;
        assertEquals(-1, TcpCoalescer.candidateTcpOffset(bad, 0, bad.length));
        assertEquals(34, TcpCoalescer.candidateTcpOffset(segs.get(1), 0, segs.get(1).length));
        // a pure ACK (no payload) is not a candidate
        byte[] pure = tcp(false, 40000, 1, 2, ACK, new byte[0], 3);
        assertEquals(-1, TcpCoalescer.candidateTcpOffset(pure, 0, pure.length));
    }

    @Test
    void stopsBefore64k() {
        Capture c = new Capture();
        TcpCoalescer g = gro(c);
        List<byte[]> segs = segmentsOf(false, 60, 1348, 1348, ACK);
        segs.forEach(s -> add(g, s));
        g.flush();
        assertEquals(2, c.writes.size());
        for (byte[] w : c.writes) {
            assertTrue(w.length - 10 - 14 <= 65535);
        }
        assertEquals(60 * 1348 + 2 * 66 + 20, c.writes.get(0).length + c.writes.get(1).length);
    }

    private static void assertPlain(byte[] write, byte[] frame) {
        assertArrayEquals(new byte[10], Arrays.copyOfRange(write, 0, 10));
        assertArrayEquals(frame, Arrays.copyOfRange(write, 10, write.length));
    }

    /** The same segment with a 4-byte IPv4 option (NOP x4), checksums fixed. */
    private static byte[] withIpOptions(byte[] f) {
        byte[] o = new byte[f.length + 4];
        System.arraycopy(f, 0, o, 0, 34);
        o[34] = o[35] = o[36] = o[37] = 1;
        System.arraycopy(f, 34, o, 38, f.length - 34);
        o[14] = 0x46;
        p16(o, 16, o.length - 14);
        p16(o, 24, 0);
        p16(o, 24, ~naiveSum(o, 14, 24) & 0xffff);
        return o;
    }
}
