package atenet.vswitch.forward;

import atenet.wire.port.Port;
import atenet.wire.port.PortKind;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * In-memory port for SwitchCore tests: keeps a copy of every frame it is asked to transmit
 * (copies, because the switch's caller may reuse its array). Allocates per frame — use
 * {@link CountingPort} where allocation is measured.
 */
final class RecordingPort implements Port {
    private final int index;
    private final PortKind kind;
    private final long boundMac;
    final List<byte[]> received = new ArrayList<>();

    RecordingPort(int index, PortKind kind) {
        this(index, kind, ANY_MAC);
    }

    RecordingPort(int index, PortKind kind, long boundMac) {
        this.index = index;
        this.kind = kind;
        this.boundMac = boundMac;
    }

    @Override
    public long boundMac() {
        return boundMac;
    }

    @Override
    public int index() {
        return index;
    }

    @Override
    public PortKind kind() {
        return kind;
    }

    @Override
    public void transmit(byte[] frame, int off, int len) {
        received.add(Arrays.copyOfRange(frame, off, off + len));
    }

    @Override
    public String describe() {
        return "test " + kind + " #" + index;
    }

    int count() {
        return received.size();
    }

    byte[] last() {
        return received.get(received.size() - 1);
    }

    void clear() {
        received.clear();
    }
}
