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
public record DataPlaneStatus(List<Client> sessions, List<Peer> peers, List<Network> networks, String refusal, Map<String, Long> drops,
                              long txErrors, long rxErrors, Map<String, Object> offload, long loopIterations) {

    /** One client port (an access key on this node) and its current session. */
    public record Client(long keyId, String network, InetSocketAddress endpoint, int port, boolean up, double idleSeconds,
                         double keyAgeSeconds, long rekeys, long rxPackets, long txPackets, long roams) {
    }

    /**
     * One peer link: another node that serves {@code network} with this one. {@code state}: handshaking, up or dead;
     * {@code role}: "dials" (this node has the smaller node id) or "answers"; {@code lastHeardSeconds}: since its last
     * authenticated packet, -1 when never heard; {@code port}: its switch port while up, else -1.
     */
    public record Peer(long nodeId, String name, String network, InetSocketAddress endpoint, String state, String role,
                       int port, double lastHeardSeconds, long framesIn, long bytesIn, long framesOut, long bytesOut,
                       long handshakes, long rekeys, long deaths, String refusal, double rttMillis) {
    }

    /** One network's switch: ports with counters, the MAC table, switch counters. */
    public record Network(String name, String idHex, String subnet, int mtu, List<SwitchCounters.PortCounters> ports,
                          List<FdbEntry> macs, Map<String, Long> counters) {
    }
}
