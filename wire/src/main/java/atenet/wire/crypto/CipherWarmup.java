package atenet.wire.crypto;

import atenet.wire.overlay.OverlayCodec;
import atenet.wire.overlay.OverlayHeader;

import javax.crypto.spec.SecretKeySpec;
import java.security.SecureRandom;

/**
 * Runs the per-packet cipher path a few thousand times with a throwaway key before the first real packet, so that
 * the JIT has compiled it (and the AES/GHASH intrinsics are in use) by the time a user's first ping arrives. Without
 * it the first hundreds of packets run interpreted or at C1: measured 2–3 ms per ping for the first 50 pings.
 * Costs about 100–300 ms of one core at start; nothing is sent anywhere.
 */
public final class CipherWarmup {
    private CipherWarmup() {
    }

    /** @return how long it took, in milliseconds */
    public static long run(int rounds) {
        long t0 = System.nanoTime();
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        SecretKeySpec key = new SecretKeySpec(k, "AES");
        PacketCipher seal = new PacketCipher();
        PacketCipher open = new PacketCipher();
        byte[] pkt = new byte[OverlayHeader.MAX_PACKET_LEN];
        int[] sizes = {1 + 84 + 14, 1 + 1400};
        long sink = 0;
        for (int i = 1; i <= rounds; i++) {
            int plain = sizes[i & 1];
            OverlayCodec.writeHeader(pkt, 7, i);
            int n = seal.seal(pkt, plain, key);
            sink += open.open(pkt, n, key);
        }
        if (sink == 42) {
            System.out.print("");                       // keep the loop's result alive
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
