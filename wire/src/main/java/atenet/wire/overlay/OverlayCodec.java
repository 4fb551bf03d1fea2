package atenet.wire.overlay;

import static atenet.wire.overlay.OverlayHeader.*;

/**
 * Reads and writes the clear-text header fields of an overlay packet held in a byte array
 * (layout in {@link OverlayHeader}). Allocation-free; callers check the length first with
 * {@link #hasSealedLength(int)} or {@link #isReject(byte[], int)}.
 */
public final class OverlayCodec {
    private OverlayCodec() {
    }

    /** True when {@code len} can be a sealed packet: at least header + type + tag, at most the max. */
    public static boolean hasSealedLength(int len) {
        return len >= MIN_SEALED_LEN && len <= MAX_PACKET_LEN;
    }

    public static void writeHeader(byte[] pkt, long netHi, long netLo, long keyId, long sessionId, long counter) {
        putLong(pkt, OFFSET_NETWORK_ID, netHi);
        putLong(pkt, OFFSET_NETWORK_ID + 8, netLo);
        putLong(pkt, OFFSET_KEY_ID, keyId);
        putLong(pkt, OFFSET_SESSION_ID, sessionId);
        putLong(pkt, OFFSET_COUNTER, counter);
    }

    public static long networkHi(byte[] pkt) {
        return getLong(pkt, OFFSET_NETWORK_ID);
    }

    public static long networkLo(byte[] pkt) {
        return getLong(pkt, OFFSET_NETWORK_ID + 8);
    }

    public static long keyId(byte[] pkt) {
        return getLong(pkt, OFFSET_KEY_ID);
    }

    public static long sessionId(byte[] pkt) {
        return getLong(pkt, OFFSET_SESSION_ID);
    }

    public static long counter(byte[] pkt) {
        return getLong(pkt, OFFSET_COUNTER);
    }

    /** A REJECT is exactly {@link OverlayHeader#REJECT_LEN} bytes with counter 0 and type 0x7f. */
    public static boolean isReject(byte[] pkt, int len) {
        return len == REJECT_LEN && counter(pkt) == 0 && pkt[OFFSET_TYPE] == PacketType.REJECT;
    }

    /** Writes a REJECT echoing the refused HELLO's network, key and session; returns its length. */
    public static int writeReject(byte[] pkt, long netHi, long netLo, long keyId, long sessionId, RejectReason reason) {
        writeHeader(pkt, netHi, netLo, keyId, sessionId, 0);
        pkt[OFFSET_TYPE] = PacketType.REJECT;
        pkt[OFFSET_TYPE + 1] = (byte) reason.code;
        return REJECT_LEN;
    }

    public static RejectReason rejectReason(byte[] pkt) {
        return RejectReason.of(pkt[OFFSET_TYPE + 1] & 0xff);
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

    public static int getShort(byte[] b, int off) {
        return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    }

    public static void putShort(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }
}
