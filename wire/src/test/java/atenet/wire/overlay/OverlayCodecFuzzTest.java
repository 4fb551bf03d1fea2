package atenet.wire.overlay;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.util.Arrays;

import static atenet.wire.overlay.OverlayHeader.*;

/**
 * Layer: fuzz (docs/testing.md "Fuzzing"). The clear-text reads of a received datagram as the node's data
 * plane ({@code UdpDataPlane.onPacket}) and the client do them: a receive buffer of any content and a
 * received length {@code 0 ≤ len ≤ buffer length}; the kind byte is read only when {@code len ≥ 1}, the
 * TRANSPORT header fields only after {@link OverlayCodec#hasSealedLength} said yes. No exception at all is
 * allowed, and:
 * <ul>
 *   <li>{@link MessageKind#name} agrees with {@link MessageKind#isCurrentVersion} (foreign vs ours);</li>
 *   <li>{@link OverlayCodec#hasSealedLength} says yes exactly for {@code 30..1600};</li>
 *   <li>rewriting a TRANSPORT header with the receiver and counter read from it gives the same bytes;</li>
 *   <li>the u16/u32/u64 writers and readers round trip at any in-bounds offset.</li>
 * </ul>
 */
class OverlayCodecFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void reads(FuzzedDataProvider data) {
        int lenHint = data.consumeInt();
        long value = data.consumeLong();
        int offHint = data.consumeInt();
        byte[] pkt = data.consumeRemainingAsBytes();
        int len = pkt.length == 0 ? 0 : Math.floorMod(lenHint, pkt.length + 1);

        boolean sealed = OverlayCodec.hasSealedLength(lenHint);                 // any int
        if (sealed != (lenHint >= MIN_SEALED_LEN && lenHint <= MAX_PACKET_LEN)) {
            throw new AssertionError("hasSealedLength(" + lenHint + ") = " + sealed);
        }
        if (len < 1) {
            return;                                                             // the data plane drops it
        }
        byte kind = pkt[OFFSET_KIND];
        String name = MessageKind.name(kind);
        if (name == null || MessageKind.isCurrentVersion(kind) == name.startsWith("foreign(")) {
            throw new AssertionError("kind 0x" + Integer.toHexString(kind & 0xff) + " named " + name);
        }
        if (kind == MessageKind.TRANSPORT && !"transport".equals(name)) {
            throw new AssertionError("TRANSPORT named " + name);
        }
        if (OverlayCodec.hasSealedLength(len)) {
            int receiver = OverlayCodec.receiver(pkt);
            long counter = OverlayCodec.counter(pkt);
            if (PacketType.name(pkt[OFFSET_TYPE]) == null) {
                throw new AssertionError("no name for a packet type");
            }
            if (kind == MessageKind.TRANSPORT) {
                byte[] again = pkt.clone();
                OverlayCodec.writeHeader(again, receiver, counter);
                if (!Arrays.equals(again, pkt)) {
                    throw new AssertionError("a TRANSPORT header does not survive read/write");
                }
            }
        }
        // Integer codecs: write then read at an in-bounds offset of the received bytes.
        byte[] b = Arrays.copyOf(pkt, len);
        if (len >= 8) {
            int off = Math.floorMod(offHint, len - 7);
            OverlayCodec.putLong(b, off, value);
            check(OverlayCodec.getLong(b, off) == value, "u64");
        }
        if (len >= 4) {
            int off = Math.floorMod(offHint, len - 3);
            OverlayCodec.putInt(b, off, (int) value);
            check(OverlayCodec.getInt(b, off) == (int) value, "u32");
        }
        if (len >= 2) {
            int off = Math.floorMod(offHint, len - 1);
            OverlayCodec.putShort(b, off, (int) value);
            check(OverlayCodec.getShort(b, off) == ((int) value & 0xffff), "u16");
        }
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what + " does not round trip");
        }
    }
}
