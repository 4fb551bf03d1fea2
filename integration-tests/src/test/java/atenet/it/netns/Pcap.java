package atenet.it.netns;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Minimal reader of classic pcap files as tcpdump -w writes them: 24-byte global header
 * (magic a1b2c3d4 or its byte-swap; the nanosecond variant a1b23c4d too), then records of a 16-byte
 * header (ts_sec, ts_usec, incl_len, orig_len) and incl_len bytes. Only link type 1 (Ethernet) and
 * IPv4/UDP without fragments are decoded; everything else is skipped.
 */
public final class Pcap {
    /** One captured IPv4 UDP datagram. Addresses as dotted quads. */
    public record Udp(String src, int srcPort, String dst, int dstPort, byte[] payload) {
    }

    private Pcap() {
    }

    public static List<Udp> readUdp(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
        if (b.remaining() < 24) {
            throw new IOException(file + ": no pcap global header (" + b.remaining() + " bytes)");
        }
        int magic = b.order(ByteOrder.BIG_ENDIAN).getInt(0);
        if (magic == 0xa1b2c3d4 || magic == 0xa1b23c4d) {
            b.order(ByteOrder.BIG_ENDIAN);
        } else if (magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1) {
            b.order(ByteOrder.LITTLE_ENDIAN);
        } else {
            throw new IOException(file + ": not a pcap file (magic " + Integer.toHexString(magic) + ")");
        }
        int linkType = b.getInt(20);
        if (linkType != 1) {
            throw new IOException(file + ": link type " + linkType + ", only Ethernet (1) is supported");
        }
        List<Udp> result = new ArrayList<>();
        int pos = 24;
        while (pos + 16 <= b.limit()) {
            int incl = b.getInt(pos + 8);
            int start = pos + 16;
            if (incl < 0 || start + incl > b.limit()) {
                break; // truncated last record (capture stopped mid-write)
            }
            Udp u = decode(Arrays.copyOfRange(b.array(), start, start + incl));
            if (u != null) {
                result.add(u);
            }
            pos = start + incl;
        }
        return result;
    }

    /** Ethernet (optionally one 802.1Q tag) / IPv4 / UDP; null for anything else. */
    static Udp decode(byte[] f) {
        ByteBuffer b = ByteBuffer.wrap(f).order(ByteOrder.BIG_ENDIAN);
        if (f.length < 14) {
            return null;
        }
        int off = 12;
        int etherType = b.getShort(off) & 0xffff;
        if (etherType == 0x8100 && f.length >= 18) {
            off += 4;
            etherType = b.getShort(off) & 0xffff;
        }
        off += 2;
        if (etherType != 0x0800 || f.length < off + 20) {
            return null;
        }
        int vihl = f[off] & 0xff;
        int ihl = (vihl & 0x0f) * 4;
        if (vihl >> 4 != 4 || ihl < 20) {
            return null;
        }
        int totalLen = b.getShort(off + 2) & 0xffff;
        int fragField = b.getShort(off + 6) & 0xffff;
        boolean fragment = (fragField & 0x2000) != 0 || (fragField & 0x1fff) != 0;
        int proto = f[off + 9] & 0xff;
        if (proto != 17 || fragment || f.length < off + totalLen || totalLen < ihl + 8) {
            return null;
        }
        String src = ip(f, off + 12);
        String dst = ip(f, off + 16);
        int udp = off + ihl;
        int srcPort = b.getShort(udp) & 0xffff;
        int dstPort = b.getShort(udp + 2) & 0xffff;
        int udpLen = b.getShort(udp + 4) & 0xffff;
        if (udpLen < 8 || udp + udpLen > off + totalLen) {
            return null;
        }
        return new Udp(src, srcPort, dst, dstPort, Arrays.copyOfRange(f, udp + 8, udp + udpLen));
    }

    private static String ip(byte[] f, int o) {
        return (f[o] & 0xff) + "." + (f[o + 1] & 0xff) + "." + (f[o + 2] & 0xff) + "." + (f[o + 3] & 0xff);
    }
}
