package atenet.tap.offload;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.ByteBuffer;

/**
 * Layer: fuzz (docs/testing.md "Fuzzing"). The TAP offload parsers on hostile input: the
 * segmenter on any virtio_net_hdr + frame (a buffer exactly as long as the read, so a read past
 * {@code n} shows as an exception), the coalescer on any sequence of frames. Neither may throw,
 * and neither may hand on a frame longer than its limit.
 */
class OffloadFuzzTest {
    static final int OUT_OFF = 41;
    static final int MAX_FRAME = 1543;

    @FuzzTest(maxDuration = "60s")
    void segmenter(FuzzedDataProvider data) {
        byte[] read = data.consumeRemainingAsBytes();
        byte[] out = new byte[OUT_OFF + MAX_FRAME];
        TsoSegmenter s = new TsoSegmenter(out, OUT_OFF, MAX_FRAME, len -> {
            if (len < 14 || len > MAX_FRAME) {
                throw new AssertionError("segment of " + len + " bytes");
            }
        });
        int r = s.process(ByteBuffer.wrap(read), read.length);
        if (r < TsoSegmenter.OVERSIZE) {
            throw new AssertionError("result " + r);
        }
    }

    /**
     * Frames are either raw bytes or the next segment of one TCP flow built from a fuzzed header
     * template with valid IP and TCP checksums and a sequence number that mostly follows on, so
     * that runs really merge (a raw frame almost never passes the checksum checks).
     */
    @FuzzTest(maxDuration = "60s")
    void coalescer(FuzzedDataProvider data) {
        ByteBuffer out = ByteBuffer.allocateDirect(VirtioNetHdr.LEN + 14 + TcpCoalescer.MAX_IP_LEN);
        TcpCoalescer c = new TcpCoalescer(out, (buf, len) -> {
            if (len < VirtioNetHdr.LEN || len > buf.capacity()) {
                throw new AssertionError("write of " + len + " bytes");
            }
        });
        boolean v6 = data.consumeBoolean();
        int ip = 14;
        int tcp = ip + (v6 ? 40 : 20);
        int thl = data.consumeInt(5, 15) * 4;
        byte[] template = java.util.Arrays.copyOf(data.consumeBytes(tcp + thl), tcp + thl);
        int seq = data.consumeInt();
        while (data.remainingBytes() > 0) {
            if (data.consumeInt(0, 3) == 0) {
                byte[] frame = data.consumeBytes(data.consumeInt(0, 2000));
                int off = frame.length == 0 ? 0 : data.consumeInt(0, Math.min(frame.length, 8));
                c.add(frame, off, frame.length - off);
                continue;
            }
            int pay = data.consumeInt(0, 1500);
            int flags = data.consumeBoolean() ? 0x10 : data.consumeInt(0, 255);    // mostly a plain ACK
            byte[] f = java.util.Arrays.copyOf(template, tcp + thl + pay);
            f[12] = (byte) (v6 ? 0x86 : 0x08);
            f[13] = (byte) (v6 ? 0xdd : 0x00);
            if (v6) {
                f[ip] = 0x60;
                Checksum.put16(f, ip + 4, f.length - tcp);
                f[ip + 6] = 6;
            } else {
                f[ip] = 0x45;
                Checksum.put16(f, ip + 2, f.length - ip);
                Checksum.put16(f, ip + 6, 0);
                f[ip + 9] = 6;
                Checksum.put16(f, ip + 10, 0);
                Checksum.put16(f, ip + 10, Checksum.finish(Checksum.sum(f, ip, 20, 0)));
            }
            int s0 = data.consumeInt(0, 7) == 0 ? data.consumeInt() : seq;
            f[tcp + 4] = (byte) (s0 >>> 24);
            f[tcp + 5] = (byte) (s0 >>> 16);
            f[tcp + 6] = (byte) (s0 >>> 8);
            f[tcp + 7] = (byte) s0;
            f[tcp + 12] = (byte) (thl << 2);
            f[tcp + 13] = (byte) flags;
            Checksum.put16(f, tcp + 16, 0);
            int l4 = f.length - tcp;
            Checksum.put16(f, tcp + 16, Checksum.finish(Checksum.sum(f, tcp, l4, Checksum.pseudoHeader(f, ip, v6, 6, l4))));
            seq = s0 + pay;
            c.add(f, 0, f.length);
        }
        c.flush();
    }
}
