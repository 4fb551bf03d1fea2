package atenet.tap.offload;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;

/** Test helpers: frame builders and an independent, byte-by-byte Internet checksum. */
final class Frames {
    static final int ACK = 0x10, PSH = 0x08, FIN = 0x01, SYN = 0x02, CWR = 0x80;

    private Frames() {
    }

    /** Plain RFC 1071 over 16-bit words, no tricks. */
    static int naiveSum(byte[] b, int off, int len) {
        long s = 0;
        for (int i = 0; i < len; i += 2) {
            int hi = b[off + i] & 0xff;
            int lo = i + 1 < len ? b[off + i + 1] & 0xff : 0;
            s += (hi << 8) | lo;
        }
        while ((s >> 16) != 0) {
            s = (s & 0xffff) + (s >> 16);
        }
        return (int) s;
    }

    static int u16(byte[] b, int i) {
        return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }

    static int u32(byte[] b, int i) {
        return ByteBuffer.wrap(b, i, 4).getInt();
    }

    static void p16(byte[] b, int i, int v) {
        b[i] = (byte) (v >> 8);
        b[i + 1] = (byte) v;
    }

    /** Pseudo-header + L4 sum, independent of the code under test. */
    static int l4Sum(byte[] f, int ipOff, boolean v6, int proto, int l4Off, int l4Len) {
        byte[] ph = new byte[v6 ? 40 : 12];
        if (v6) {
            System.arraycopy(f, ipOff + 8, ph, 0, 32);
            ByteBuffer.wrap(ph, 32, 8).putInt(l4Len).putInt(proto);
        } else {
            System.arraycopy(f, ipOff + 12, ph, 0, 8);
            ph[9] = (byte) proto;
            p16(ph, 10, l4Len);
        }
        byte[] all = new byte[ph.length + l4Len];
        System.arraycopy(ph, 0, all, 0, ph.length);
        System.arraycopy(f, l4Off, all, ph.length, l4Len);
        return naiveSum(all, 0, all.length);
    }

    /** True when the IPv4 header (if any) and the TCP/UDP checksum of a complete frame verify. */
    static boolean verifies(byte[] f, int len) {
        boolean v6 = u16(f, 12) == 0x86dd;
        int ip = 14;
        int l4 = v6 ? ip + 40 : ip + ((f[ip] & 0x0f) << 2);
        int proto = v6 ? f[ip + 6] : f[ip + 9];
        if (!v6 && naiveSum(f, ip, l4 - ip) != 0xffff) {
            return false;
        }
        return l4Sum(f, ip, v6, proto, l4, len - l4) == 0xffff;
    }

    /** An Ethernet/IPv4 (or IPv6)/TCP frame with a 12-byte timestamp option, checksums valid. */
    static byte[] tcp(boolean v6, int srcPort, int seq, int ack, int flags, byte[] payload, int ipId) {
        int ipLen = v6 ? 40 : 20;
        int thl = 32;
        int len = 14 + ipLen + thl + payload.length;
        byte[] f = new byte[len];
        byte[] dst = {0x02, 0x11, 0x22, 0x33, 0x44, 0x55};
        byte[] src = {0x02, 0x66, 0x77, (byte) 0x88, (byte) 0x99, (byte) 0xaa};
        System.arraycopy(dst, 0, f, 0, 6);
        System.arraycopy(src, 0, f, 6, 6);
        p16(f, 12, v6 ? 0x86dd : 0x0800);
        int ip = 14;
        if (v6) {
            f[ip] = 0x60;
            p16(f, ip + 4, thl + payload.length);
            f[ip + 6] = 6;
            f[ip + 7] = 64;
            f[ip + 8] = (byte) 0xfd;
            f[ip + 23] = 1;
            f[ip + 24] = (byte) 0xfd;
            f[ip + 39] = 2;
        } else {
            f[ip] = 0x45;
            p16(f, ip + 2, ipLen + thl + payload.length);
            p16(f, ip + 4, ipId);
            p16(f, ip + 6, 0x4000);
            f[ip + 8] = 64;
            f[ip + 9] = 6;
            f[ip + 12] = 10; f[ip + 13] = (byte) 250; f[ip + 14] = 0; f[ip + 15] = 11;
            f[ip + 16] = 10; f[ip + 17] = (byte) 250; f[ip + 18] = 0; f[ip + 19] = 12;
            p16(f, ip + 10, ~naiveSum(f, ip, 20) & 0xffff);
        }
        int t = ip + ipLen;
        p16(f, t, srcPort);
        p16(f, t + 2, 5201);
        ByteBuffer.wrap(f, t + 4, 8).putInt(seq).putInt(ack);
        f[t + 12] = (byte) ((thl / 4) << 4);
        f[t + 13] = (byte) flags;
        p16(f, t + 14, 502);
        f[t + 20] = 1; f[t + 21] = 1; f[t + 22] = 8; f[t + 23] = 10;
        ByteBuffer.wrap(f, t + 24, 8).putInt(123456).putInt(654321);
        System.arraycopy(payload, 0, f, t + thl, payload.length);
        p16(f, t + 16, ~l4Sum(f, ip, v6, 6, t, len - t) & 0xffff);
        return f;
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** A direct buffer holding a virtio_net_hdr (little-endian) followed by the frame. */
    static ByteBuffer withVnet(byte[] f, int flags, int gsoType, int hdrLen, int gsoSize, int csumStart, int csumOffset) {
        ByteBuffer b = ByteBuffer.allocateDirect(10 + f.length + 16).order(ByteOrder.LITTLE_ENDIAN);
        b.put(0, (byte) flags).put(1, (byte) gsoType).putShort(2, (short) hdrLen).putShort(4, (short) gsoSize)
                .putShort(6, (short) csumStart).putShort(8, (short) csumOffset);
        b.order(ByteOrder.BIG_ENDIAN);
        b.put(10, f);
        return b;
    }

    /** Replaces the L4 checksum by the pseudo-header sum, as the kernel leaves it for CHECKSUM_PARTIAL. */
    static void makePartial(byte[] f, boolean v6, int proto, int l4Off, int csumField) {
        int ip = 14;
        int l4Len = f.length - l4Off;
        byte[] ph = new byte[v6 ? 40 : 12];
        if (v6) {
            System.arraycopy(f, ip + 8, ph, 0, 32);
            ByteBuffer.wrap(ph, 32, 8).putInt(l4Len).putInt(proto);
        } else {
            System.arraycopy(f, ip + 12, ph, 0, 8);
            ph[9] = (byte) proto;
            p16(ph, 10, l4Len);
        }
        p16(f, l4Off + csumField, naiveSum(ph, 0, ph.length));
    }
}
