package atenet.sim;

import atenet.vswitch.udp.Underlay;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;

/** A node's {@link Underlay} on the {@link SimNet}: receives from its inbox, sends through the net. */
final class MemoryUnderlay implements Underlay {
    private final SimNet net;
    private final InetSocketAddress address;
    private final ArrayDeque<SimNet.Datagram> inbox;

    MemoryUnderlay(SimNet net, InetSocketAddress address) {
        this.net = net;
        this.address = address;
        this.inbox = net.register(address);
    }

    @Override
    public InetSocketAddress localAddress() {
        return address;
    }

    @Override
    public int drain(byte[] pkt, Receiver receiver, int max, long nowNanos) {
        int n = 0;
        SimNet.Datagram d;
        while (n < max && (d = inbox.poll()) != null) {
            int len = Math.min(d.data().length, pkt.length);
            System.arraycopy(d.data(), 0, pkt, 0, len);
            receiver.onDatagram(len, d.from(), nowNanos);
            n++;
        }
        return n;
    }

    @Override
    public long localHi() {
        return 0;
    }

    @Override
    public long localLo() {
        return 0;
    }

    @Override
    public void send(byte[] pkt, int len, InetSocketAddress to, long srcHi, long srcLo) {
        net.send(address, to, pkt, 0, len);
    }

    @Override
    public void flush() {
    }

    @Override
    public void awaitReadable(long millis) {
    }

    @Override
    public void wakeup() {
    }

    @Override
    public long txErrors() {
        return 0;
    }

    @Override
    public long rxErrors() {
        return 0;
    }

    @Override
    public java.util.Map<String, Object> offload() {
        return java.util.Map.of("mode", "memory");
    }

    @Override
    public void close() {
        net.unregister(address);
    }
}
