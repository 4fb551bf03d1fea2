package atenet.vswitch.udp;

import atenet.vswitch.fdb.FdbEntry;
import atenet.vswitch.forward.SwitchCounters;
import atenet.wire.crypto.KeyId;
import atenet.wire.frame.MacAddress;
import atenet.wire.net.HostPort;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * The /status JSON of a {@link DataPlaneStatus}; runs on the caller's thread (the admin event loop), never on the
 * data-plane thread. Field names are the documented ones (docs/node.md "Status and metrics").
 */
public final class StatusJson {
    private StatusJson() {
    }

    public static JsonObject of(DataPlaneStatus s) {
        JsonArray sessions = new JsonArray();
        for (DataPlaneStatus.Client c : s.sessions()) {
            sessions.add(new JsonObject()
                    .put("keyId", KeyId.hex(c.keyId()))
                    .put("network", c.network())
                    .put("endpoint", HostPort.format(c.endpoint()))
                    .put("port", c.port())
                    .put("state", c.up() ? "up" : "handshake")
                    .put("idleSeconds", c.idleSeconds())
                    .put("keyAgeSeconds", c.keyAgeSeconds())
                    .put("rekeys", c.rekeys())
                    .put("rxPackets", c.rxPackets())
                    .put("txPackets", c.txPackets())
                    .put("roams", c.roams()));
        }
        JsonArray peers = new JsonArray();
        for (DataPlaneStatus.Peer p : s.peers()) {
            peers.add(new JsonObject()
                    .put("nodeId", KeyId.hex(p.nodeId()))
                    .put("name", p.name())
                    .put("network", p.network())
                    .put("endpoint", HostPort.format(p.endpoint()))
                    .put("state", p.state())
                    .put("role", p.role())
                    .put("port", p.port())
                    .put("lastHeardSeconds", p.lastHeardSeconds())
                    .put("framesIn", p.framesIn())
                    .put("bytesIn", p.bytesIn())
                    .put("framesOut", p.framesOut())
                    .put("bytesOut", p.bytesOut())
                    .put("handshakes", p.handshakes())
                    .put("rekeys", p.rekeys())
                    .put("deaths", p.deaths())
                    .put("refusal", p.refusal())
                    .put("rttMillis", p.rttMillis()));
        }
        JsonArray nets = new JsonArray();
        for (DataPlaneStatus.Network n : s.networks()) {
            nets.add(network(n));
        }
        JsonObject drops = map(s.drops()).put("txErrors", s.txErrors()).put("rxErrors", s.rxErrors());
        return new JsonObject()
                .put("sessions", sessions)
                .put("peers", peers)
                .put("networks", nets)
                .put("refusal", s.refusal())
                .put("drops", drops)
                .put("udpOffload", new JsonObject(new java.util.LinkedHashMap<>(s.offload())))
                .put("loopIterations", s.loopIterations());
    }

    private static JsonObject network(DataPlaneStatus.Network n) {
        JsonArray ports = new JsonArray();
        for (SwitchCounters.PortCounters p : n.ports()) {
            ports.add(new JsonObject().put("index", p.index()).put("kind", p.kind().name())
                    .put("describe", p.description())
                    .put("rxFrames", p.rxFrames()).put("rxBytes", p.rxBytes())
                    .put("txFrames", p.txFrames()).put("txBytes", p.txBytes())
                    .put("floodDrops", p.floodDrops()).put("txErrors", p.txErrors()));
        }
        JsonArray macs = new JsonArray();
        for (FdbEntry e : n.macs()) {
            macs.add(new JsonObject().put("mac", MacAddress.format(e.mac())).put("port", e.port())
                    .put("ageSeconds", e.ageSeconds()));
        }
        return new JsonObject()
                .put("name", n.name())
                .put("id", n.idHex())
                .put("subnet", n.subnet())
                .put("mtu", n.mtu())
                .put("ports", ports)
                .put("macs", macs)
                .put("counters", map(n.counters()));
    }

    private static JsonObject map(Map<String, Long> m) {
        JsonObject o = new JsonObject();
        m.forEach(o::put);
        return o;
    }
}
