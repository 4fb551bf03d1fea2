package atenet.sim;

import atenet.vswitch.udp.Admission;
import atenet.vswitch.udp.NodeIdentity;
import atenet.vswitch.udp.SwitchOptions;
import atenet.vswitch.udp.UdpDataPlane;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** One switch node of a simulation: the real {@link UdpDataPlane} on a {@link MemoryUnderlay}, stepped by the test. */
public final class SimNode {
    final InetSocketAddress address;
    final NodeIdentity identity;
    private final SimClock clock;
    private final SimNet net;
    private UdpDataPlane plane;

    SimNode(SimNet net, SimClock clock, InetSocketAddress address, NodeIdentity identity) {
        this.address = address;
        this.identity = identity;
        this.clock = clock;
        this.net = net;
        start();
    }

    /** The process dies (kill -9) and a new one starts on the same address with the same key: no BYE, no state. */
    public void crashAndRestart() {
        net.unregister(address);
        start();
    }

    private void start() {
        try {
            this.plane = new UdpDataPlane(new MemoryUnderlay(net, address), identity, SwitchOptions.DEFAULTS,
                    clock::nanos, clock::millis);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public InetSocketAddress address() {
        return address;
    }

    public void apply(Admission a) {
        plane.apply(a);
        step();
    }

    int step() {
        return plane.step(clock.nanos());
    }

    /** The node's /status document, as the admin API would serve it. */
    public JsonObject status() {
        var f = plane.status();
        step();
        try {
            return f.get(1, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("status not answered", e);
        }
    }

    public long drops(String reason) {
        return status().getJsonObject("drops").getLong(reason);
    }

    UdpDataPlane plane() {
        return plane;
    }
}
