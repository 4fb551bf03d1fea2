package atenet.vswitch.forward;

import atenet.wire.port.Port;
import atenet.wire.port.PortKind;

/** In-memory port that only counts what it transmits: allocates nothing per frame. */
final class CountingPort implements Port {
    private final int index;
    private final PortKind kind;
    long frames;
    long bytes;

    CountingPort(int index, PortKind kind) {
        this.index = index;
        this.kind = kind;
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
