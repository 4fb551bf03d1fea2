package atenet.vswitch.forward;

import atenet.vswitch.fdb.MacTable;
import atenet.wire.port.PortKind;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Layer: fuzz (docs/testing.md "Fuzzing"). {@link SwitchCore#forward} with arbitrary frames,
 * offsets, lengths and ingress indexes (also outside the capacity) must never throw, and a frame
 * from a peer never leaves by a peer (split horizon). A small MAC table keeps eviction busy; two
 * client ports are bound to a MAC (port security), two are not.
 */
class SwitchCoreFuzzTest {
    private static final int CAPACITY = 8;

    @FuzzTest(maxDuration = "60s")
    void forward(FuzzedDataProvider data) {
        SwitchCore sw = new SwitchCore(CAPACITY, new MacTable(4, CAPACITY, 1_000_000L), new StormControl(CAPACITY, 100, 5));
        CountingPort[] ports = new CountingPort[CAPACITY - 1];      // index 7 stays empty
        for (int i = 0; i < ports.length; i++) {
            PortKind kind = i < 3 ? PortKind.UDP_CLIENT : i == 3 ? PortKind.WS_CLIENT : i < 6 ? PortKind.PEER : PortKind.ETHEREAL;
            long bound = i == 0 || i == 3 ? 0x02_00_00_00_00_00L | i : CountingPort.ANY_MAC;   // 1, 2: bridge keys
            ports[i] = new CountingPort(i, kind, bound);
            sw.addPort(ports[i]);
        }
        long now = 0;
        while (data.remainingBytes() > 0) {
            int ingress = data.consumeBoolean() ? data.consumeInt(0, CAPACITY - 1) : data.consumeInt();
            int off = data.consumeBoolean() ? data.consumeInt(0, 4) : data.consumeInt();
            int lenDelta = data.consumeBoolean() ? 0 : data.consumeInt();
            byte[] frame = data.consumeBytes(data.consumeInt(0, 1600));
            now += data.consumeInt(0, 1_000_000);
            int len = lenDelta == 0 ? Math.max(0, frame.length - Math.max(off, 0)) : lenDelta;
            long peerTxBefore = ports[4].frames + ports[5].frames;
            sw.forward(ingress, frame, off, len, now);
            boolean fromPeer = ingress == 4 || ingress == 5;
            if (fromPeer && ports[4].frames + ports[5].frames != peerTxBefore) {
                throw new AssertionError("a frame from a peer left by a peer");
            }
            if (data.consumeInt(0, 63) == 0) {
                sw.sweep(now);
            }
        }
        sw.counters();
    }
}
