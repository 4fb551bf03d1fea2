package atenet.wire.overlay;

import static atenet.wire.overlay.OverlayHeader.*;

/**
 * Reads and writes the clear-text header fields of a TRANSPORT message held in a byte array (layout in
 * {@link OverlayHeader}), and the big-endian integers every codec uses. Allocation-free; callers check the
 * length first with {@link #hasSealedLength(int)}.
 */
public final class OverlayCodec {
    private OverlayCodec() {
    }

    /** True when {@code len} can be a sealed packet: at least header + type + tag, at most the max. */
    public static boolean hasSealedLength(int len) {
        return len >= MIN_SEALED_LEN && len <= MAX_PACKET_LEN;
    }

    public static void writeHeader(byte[] pkt, int receiverIndex, long counter) {
        pkt[OFFSET_KIND] = MessageKind.TRANSPORT;
        putInt(pkt, OFFSET_RECEIVER, receiverIndex);
        putLong(pkt, OFFSET_COUNTER, counter);
    }

    public static int receiver(byte[] pkt) {
        return getInt(pkt, OFFSET_RECEIVER);
    }

    public static long counter(byte[] pkt) {
        return getLong(pkt, OFFSET_COUNTER);
    }

    public static long getLong(byte[] b, int off) {
        return ((long) (b[off] & 0xff) << 56) | ((long) (b[off + 1] & 0xff) << 48)
                | ((long) (b[off + 2] & 0xff) << 40) | ((long) (b[off + 3] & 0xff) << 32)
                | ((long) (b[off + 4] & 0xff) << 24) | ((long) (b[off + 5] & 0xff) << 16)
                | ((long) (b[off + 6] & 0xff) << 8) | (b[off + 7] & 0xff);
    }

    public static void putLong(byte[] b, int off, long v) {
        for (int i = 7; i >= 0; i--) {
            b[off + i] = (byte) v;
            v >>>= 8;
        }
    }

    public static int getInt(byte[] b, int off) {
        return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
    }

    public static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    public static int getShort(byte[] b, int off) {
        return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    }

    public static void putShort(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }
}
