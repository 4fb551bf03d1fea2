package atenet.vswitch.udp;

import atenet.vswitch.fdb.FdbEntry;
import atenet.vswitch.fdb.MacTable;
import atenet.vswitch.forward.StormControl;
import atenet.vswitch.forward.SwitchCore;
import atenet.vswitch.forward.SwitchCounters;
import atenet.wire.frame.MacAddress;
import atenet.wire.port.Port;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * One network served by this node: its identity and its own isolated {@link SwitchCore}, plus the
 * allocation of switch port indexes to sessions. Owned by the data-plane thread.
 */
final class NetworkSlot {
    final byte[] id;
    final long idHi;
    final long idLo;
    final String name;
    final String subnet;
    final int mtu;
    private final SwitchCore core;
    private final int[] freeIndexes;
    private int freeCount;

    NetworkSlot(NetworkInfo info, SwitchOptions options) {
        this.id = info.id().clone();
        this.idHi = info.idHi();
        this.idLo = info.idLo();
        this.name = info.name();
        this.subnet = info.subnet();
        this.mtu = info.mtu();
        int ports = options.portCapacity();
        this.core = new SwitchCore(ports,
                new MacTable(options.macCapacity(), ports, options.macAgingNanos()),
                new StormControl(ports, options.stormRatePerSecond(), options.stormBurst()));
        this.freeIndexes = new int[ports];
        for (int i = 0; i < ports; i++) {
            freeIndexes[i] = ports - 1 - i;               // hand out 0, 1, 2, ... first
        }
        this.freeCount = ports;
    }

    /** Gives {@code port} an index and adds it to the switch; -1 when the switch is full. */
    int attach(ClientSession port) {
        if (freeCount == 0) {
            return -1;
        }
        int index = freeIndexes[--freeCount];
        port.portIndex = index;
        core.addPort(port);
        return index;
    }

    void detach(Port port) {
        int index = port.index();
        if (core.removePort(index) != null) {
            freeIndexes[freeCount++] = index;
        }
    }

    /** HOT PATH. */
    void forward(int ingress, byte[] frame, int off, int len, long nowNanos) {
        core.forward(ingress, frame, off, len, nowNanos);
    }

    void sweep(long nowNanos) {
        core.sweep(nowNanos);
    }

    JsonObject toJson(long nowNanos) {
        SwitchCounters c = core.counters();
        JsonArray ports = new JsonArray();
        for (SwitchCounters.PortCounters p : c.ports()) {
            ports.add(new JsonObject().put("index", p.index()).put("kind", p.kind().name())
                    .put("describe", p.description())
                    .put("rxFrames", p.rxFrames()).put("rxBytes", p.rxBytes())
                    .put("txFrames", p.txFrames()).put("txBytes", p.txBytes())
                    .put("floodDrops", p.floodDrops()).put("txErrors", p.txErrors()));
        }
        JsonArray macs = new JsonArray();
        for (FdbEntry e : core.macTable().dump(nowNanos)) {
            macs.add(new JsonObject().put("mac", MacAddress.format(e.mac())).put("port", e.port())
                    .put("ageSeconds", e.ageSeconds()));
        }
        MacTable t = core.macTable();
        return new JsonObject()
                .put("name", name)
                .put("id", java.util.HexFormat.of().formatHex(id))
                .put("subnet", subnet)
                .put("mtu", mtu)
                .put("ports", ports)
                .put("macs", macs)
                .put("counters", new JsonObject()
                        .put("floods", c.floods()).put("unicasts", c.unicasts())
                        .put("malformed", c.malformed()).put("hairpin", c.hairpin())
                        .put("splitHorizon", c.splitHorizon()).put("stormDrops", c.stormDrops())
                        .put("noIngress", c.noIngress())
                        .put("macSpoof", c.macSpoof()).put("raGuard", c.raGuard()).put("dhcpSnoop", c.dhcpSnoop())
                        .put("macLearned", t.learned()).put("macMoved", t.moved())
                        .put("macEvicted", t.evicted()).put("macAged", t.aged()));
    }
}
