package atenet.tap.offload;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The Internet checksum (RFC 1071) over byte arrays, allocation-free. {@link #sum} adds big-endian 16-bit words
 * (read four bytes at a time) into a 64-bit accumulator without folding; {@link #fold} folds it to 16 bits.
 * A region must start at an even offset of the checksummed stream for sums of several regions to chain.
 */
public final class Checksum {
    private static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private Checksum() {
    }

    /** Adds {@code len} bytes from {@code off} to {@code acc} (an odd last byte is padded with a zero byte). */
    public static long sum(byte[] b, int off, int len, long acc) {
        int i = off;
        int end = off + len;
        for (; i + 4 <= end; i += 4) {
            acc += ((int) INT_BE.get(b, i)) & 0xffffffffL;
        }
        if (i + 2 <= end) {
            acc += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
            i += 2;
        }
        if (i < end) {
            acc += (b[i] & 0xff) << 8;
        }
        return acc;
    }

    /** Folds a 64-bit sum to a 16-bit one's complement sum (not inverted). */
    public static int fold(long acc) {
        acc = (acc & 0xffffffffL) + (acc >>> 32);
        acc = (acc & 0xffffffffL) + (acc >>> 32);
        acc = (acc & 0xffff) + (acc >>> 16);
        acc = (acc & 0xffff) + (acc >>> 16);
        acc = (acc & 0xffff) + (acc >>> 16);
        return (int) acc;
    }

    /** The sum of the TCP/UDP pseudo-header (not folded): addresses, protocol and L4 length. */
    public static long pseudoHeader(byte[] b, int ipOff, boolean v6, int proto, int l4Len) {
        long acc = v6 ? sum(b, ipOff + 8, 32, 0) : sum(b, ipOff + 12, 8, 0);
        return acc + proto + l4Len;
    }

    /** The checksum to store: the inverted folded sum. */
    public static int finish(long acc) {
        return ~fold(acc) & 0xffff;
    }

    static int get16(byte[] b, int i) {
        return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }

    static void put16(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 8);
        b[i + 1] = (byte) v;
    }
}
