package atenet.wire.overlay;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import static atenet.wire.overlay.OverlayHeader.*;

/**
 * Layer: fuzz (docs/testing.md "Fuzzing"). The clear-text reads of {@link OverlayCodec} as the
 * node and the client use them on a received datagram: a receive buffer of any content and a
 * received length {@code 0 ≤ len ≤ buffer length}; the header fields are read only after
 * {@link OverlayCodec#hasSealedLength} or {@link OverlayCodec#isReject} said yes. No exception
 * at all is allowed.
 */
class OverlayCodecFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void reads(FuzzedDataProvider data) {
        int lenHint = data.consumeInt();
        byte[] pkt = data.consumeRemainingAsBytes();
        int len = pkt.length == 0 ? 0 : Math.floorMod(lenHint, pkt.length + 1);
        OverlayCodec.hasSealedLength(lenHint);                 // any int
        if (OverlayCodec.isReject(pkt, len)) {
            OverlayCodec.rejectReason(pkt);
            OverlayCodec.sessionId(pkt);
        }
        if (OverlayCodec.hasSealedLength(len)) {
            OverlayCodec.networkHi(pkt);
            OverlayCodec.networkLo(pkt);
            OverlayCodec.keyId(pkt);
            OverlayCodec.sessionId(pkt);
            OverlayCodec.counter(pkt);
            PacketType.name(pkt[OFFSET_TYPE]);
        }
    }
}
