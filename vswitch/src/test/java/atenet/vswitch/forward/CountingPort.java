package atenet.vswitch.forward;

import atenet.wire.port.Port;
import atenet.wire.port.PortKind;

/** In-memory port that only counts what it transmits: allocates nothing per frame. */
final class CountingPort implements Port {
    private final int index;
    private final PortKind kind;
    private final long boundMac;
    long frames;
    long bytes;

    CountingPort(int index, PortKind kind) {
        this(index, kind, ANY_MAC);
    }

    CountingPort(int index, PortKind kind, long boundMac) {
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
        frames++;
        bytes += len;
    }

    @Override
    public String describe() {
        return "counting " + kind + " #" + index;
    }
}
