package atenet.vswitch.udp;

import atenet.vswitch.fdb.FdbEntry;
import atenet.vswitch.forward.SwitchCounters;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * What the data plane reports about itself: an immutable, typed snapshot taken on the data-plane thread (plain
 * values copied out of its tables) and turned into JSON elsewhere ({@link StatusJson}), so the packet thread
 * never builds JSON and a slow HTTP client never holds it.
 */
public record DataPlaneStatus(List<Client> sessions, List<Network> networks, String refusal, Map<String, Long> drops,
                              long txErrors, long rxErrors, Map<String, Object> offload, long loopIterations) {

    /** One client port (an access key on this node) and its current session. */
    public record Client(long keyId, String network, InetSocketAddress endpoint, int port, boolean up, double idleSeconds,
                         double keyAgeSeconds, long rekeys, long rxPackets, long txPackets, long roams) {
    }

    /** One network's switch: ports with counters, the MAC table, switch counters. */
    public record Network(String name, String idHex, String subnet, int mtu, List<SwitchCounters.PortCounters> ports,
                          List<FdbEntry> macs, Map<String, Long> counters) {
    }
}
