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
    /** The chain's node id (key id of the node's Ed25519 key): the smaller of two dials their peer link. */
    final long nodeId;
    final String name;
    private final SimClock clock;
    private final SimNet net;
    private UdpDataPlane plane;
    private boolean alive = true;

    SimNode(SimNet net, SimClock clock, InetSocketAddress address, NodeIdentity identity, long nodeId, String name) {
        this.address = address;
        this.identity = identity;
        this.nodeId = nodeId;
        this.name = name;
        this.clock = clock;
        this.net = net;
        start();
    }

    /** The process dies (kill -9) and a new one starts on the same address with the same key: no BYE, no state. */
    public void crashAndRestart() {
        net.unregister(address);
        start();
    }

    /** The process dies (kill -9) and stays down: no BYE, its datagrams go nowhere, it is not stepped. */
    public void kill() {
        net.unregister(address);
        alive = false;
    }

    /** A new process starts on the same address with the same key, after {@link #kill} (then publish the chain to it). */
    public void restart() {
        start();
        alive = true;
    }

    public boolean alive() {
        return alive;
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
        return alive ? plane.step(clock.nanos()) : 0;
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
