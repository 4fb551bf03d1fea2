package atenet.vswitch.forward;

import atenet.wire.frame.MacAddress;
import atenet.wire.port.Port;
import atenet.wire.port.PortKind;

/**
 * Switches a few thousand frames between two throwaway ports of a throwaway {@link SwitchCore} at start, so that the
 * forwarding path is JIT-compiled before the first real frame (see {@link atenet.wire.crypto.CipherWarmup}).
 */
public final class SwitchWarmup {
    private SwitchWarmup() {
    }

    private static final class Sink implements Port {
        private final int index;
        long frames;

        Sink(int index) {
            this.index = index;
        }

        @Override
        public int index() {
            return index;
        }

        @Override
        public PortKind kind() {
            return PortKind.ETHEREAL;
        }

        @Override
        public void transmit(byte[] f, int off, int len) {
            frames++;
        }

        @Override
        public String describe() {
            return "warm-up";
        }
    }

    /** @return how long it took, in milliseconds */
    public static long run(int frames) {
        long t0 = System.nanoTime();
        SwitchCore core = new SwitchCore(4);
        Sink a = new Sink(0);
        Sink b = new Sink(1);
        core.addPort(a);
        core.addPort(b);
        byte[] f = new byte[98];
        long macA = 0x02_00_00_00_00_0aL;
        long macB = 0x02_00_00_00_00_0bL;
        for (int i = 0; i < frames; i++) {
            boolean fromA = (i & 1) == 0;
            MacAddress.write(f, 0, (i & 7) == 0 ? MacAddress.BROADCAST : fromA ? macB : macA);
            MacAddress.write(f, 6, fromA ? macA : macB);
            f[12] = 0x08;
            core.forward(fromA ? 0 : 1, f, 0, f.length, t0 + i);
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
