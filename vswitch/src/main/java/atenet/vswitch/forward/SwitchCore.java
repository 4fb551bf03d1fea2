package atenet.vswitch.forward;

import atenet.vswitch.fdb.MacTable;
import atenet.wire.frame.EthernetFrame;
import atenet.wire.frame.MacAddress;
import atenet.wire.frame.ServerFrames;
import atenet.wire.port.Port;
import atenet.wire.port.PortKind;

import java.util.ArrayList;
import java.util.List;

/**
 * One network's switch: decides, for each frame, which of the network's ports it leaves by.
 * One instance per network, nothing shared between instances (no static state), so networks
 * are isolated and several nodes can run in one test.
 *
 * <h2>A frame's way through {@link #forward}</h2>
 * <pre>
 *  forward(ingress, frame)                                            counted as
 *    │ no port at ingress index ──────────────────────────► drop      noIngress
 *    │ shorter than 14 bytes ─────────────────────────────► drop      malformed
 *    │ ingress is a client (UDP_CLIENT, WS_CLIENT): port security
 *    │     bound MAC and src ≠ bound MAC ─────────────────► drop      macSpoof
 *    │     IPv6 Router Advertisement ─────────────────────► drop      raGuard
 *    │     DHCP server reply (UDP 67→68, DHCPv6 from 547) ► drop      dhcpSnoop
 *    │ learn(src → ingress)          (group sources are never learned)
 *    │
 *    ├─ dst unicast and known at port out
 *    │     out == ingress ────────────────────────────────► drop      hairpin
 *    │     ingress PEER and out PEER ─────────────────────► drop      splitHorizon
 *    │     otherwise ──► ports[out].transmit               (1 port)  unicasts
 *    │
 *    └─ dst broadcast / multicast / unknown unicast
 *          storm.allow(ingress) refuses ──────────────────► drop      stormDrops, floodDrops[ingress]
 *          ingress is LOCAL ─► floodFromLocal: local set − ingress, then peer set        floods
 *          ingress is PEER  ─► floodFromPeer:  local set only − never another peer       floods
 * </pre>
 *
 * <h2>Split horizon is structural</h2>
 * Ports live in two dense sets: <i>local</i> (UDP and WS clients, ethereal ports: gateway, DHCP,
 * TAP) and <i>peer</i> (other switch nodes). The path for a frame that came from a peer,
 * {@link #floodFromPeer}, has no reference to the peer set at all, so it cannot re-flood to
 * another node whatever flag is set — the same shape as VPNCloud's {@code handle_payload_from}
 * (peer → device only) versus {@code handle_interface_data} (device → peers). Nodes form a full
 * mesh per network, so every node already got the frame from its origin; re-flooding would only
 * make loops. Flooding never includes the ingress port (OVS {@code xlate_normal_flood}).
 *
 * <h2>Port security (client ports only)</h2>
 * A client port whose {@link Port#boundMac()} is set (a UDP client: the MAC derived from its
 * access key) may only send from that source MAC; an unbound client port (a bridge key) may send
 * from any. Every client port, bound or not, may not act as a router or DHCP server: Router
 * Advertisements and DHCP/DHCPv6 server messages are recognised by {@link ServerFrames} (behind up
 * to two VLAN tags and the IPv6 extension headers) and dropped. 802.1Q-tagged frames from clients
 * are allowed: the source MAC is the same field, so the MAC check holds for them too. Peers and
 * ethereal ports (the gateway, the DHCP server) are exempt — they are the legitimate senders.
 *
 * <h2>Learning and aging</h2>
 * In {@link MacTable} (OVS mac-learning). A port's MACs are flushed when it is removed. The
 * owner calls {@link #sweep} every few seconds. Multicast snooping (IGMP/MLD) will later narrow
 * multicast floods; today multicast floods like broadcast.
 *
 * <h2>Threads</h2>
 * <b>Single-threaded: owned by the data-plane thread of its network</b> (the event loop that
 * receives the network's frames). No locks, no volatile; every method must be called on that
 * thread, {@link #counters()} included. A port's {@code transmit} must not call back into this
 * switch (no {@code forward}/{@code addPort}/{@code removePort} from inside {@code transmit}): an
 * ethereal port that answers (DHCP, ARP for the gateway) queues its reply and forwards it after.
 *
 * <h2>Hot and cold paths</h2>
 * HOT PATH: {@link #forward} and the two flood paths — no allocation, no locks, no logging; all
 * counters are primitive arrays indexed by port. A throwing {@code transmit} is counted as a
 * tx error for that port and the flood goes on. COLD PATH: {@link #addPort},
 * {@link #removePort}, {@link #counters()}, {@link #sweep}.
 */
public final class SwitchCore {
    public static final int DEFAULT_PORT_CAPACITY = 4096;

    private final int portCapacity;
    private final MacTable macTable;
    private final StormControl storm;

    /** Port by its index, or null. */
    private final Port[] ports;
    /** Cached {@code ports[i].kind().isPeer()}: no interface call per frame. */
    private final boolean[] peer;
    /** Cached: the port is a UDP or WS client, so port security applies. */
    private final boolean[] client;
    /** Cached {@code ports[i].boundMac()}: {@link Port#ANY_MAC} or the only source MAC allowed. */
    private final long[] boundMac;
    private final FloodSet localPorts;
    private final FloodSet peerPorts;

    // --- per-port counters, reset when a port is added at that index ------------------------
    private final long[] rxFrames;
    private final long[] rxBytes;
    private final long[] txFrames;
    private final long[] txBytes;
    private final long[] floodDrops;
    private final long[] txErrors;

    // --- switch-wide counters ---------------------------------------------------------------
    private long malformed;
    private long hairpin;
    private long splitHorizon;
    private long stormDrops;
    private long noIngress;
    private long macSpoof;
    private long raGuard;
    private long dhcpSnoop;
    private long floods;
    private long unicasts;

    /** A switch with {@link #DEFAULT_PORT_CAPACITY} ports and default table and storm control. */
    public SwitchCore() {
        this(DEFAULT_PORT_CAPACITY);
    }

    /** Default MAC table (8192 entries, 300 s) and storm control (1000 frames/s, burst 2000). */
    public SwitchCore(int portCapacity) {
        this(portCapacity,
                new MacTable(MacTable.DEFAULT_CAPACITY, portCapacity, MacTable.DEFAULT_AGING_NANOS),
                new StormControl(portCapacity));
    }

    /**
     * @param portCapacity port indexes accepted are {@code 0 .. portCapacity-1}
     * @param macTable     this switch's own table (not shared), for at least portCapacity ports
     * @param storm        this switch's own storm control, for at least portCapacity ports
     */
    public SwitchCore(int portCapacity, MacTable macTable, StormControl storm) {
        if (portCapacity < 1) {
            throw new IllegalArgumentException("port capacity must be at least 1, got " + portCapacity);
        }
        if (macTable.maxPorts() < portCapacity || storm.maxPorts() < portCapacity) {
            throw new IllegalArgumentException("MAC table (" + macTable.maxPorts() + " ports) and storm control ("
                    + storm.maxPorts() + " ports) must cover the port capacity " + portCapacity);
        }
        this.portCapacity = portCapacity;
        this.macTable = macTable;
        this.storm = storm;
        this.ports = new Port[portCapacity];
        this.peer = new boolean[portCapacity];
        this.client = new boolean[portCapacity];
        this.boundMac = new long[portCapacity];
        this.localPorts = new FloodSet(portCapacity);
        this.peerPorts = new FloodSet(portCapacity);
        this.rxFrames = new long[portCapacity];
        this.rxBytes = new long[portCapacity];
        this.txFrames = new long[portCapacity];
        this.txBytes = new long[portCapacity];
        this.floodDrops = new long[portCapacity];
        this.txErrors = new long[portCapacity];
    }

    // =========================================================================================
    // COLD PATH: ports
    // =========================================================================================

    /**
     * Attaches {@code port} at {@code port.index()}. Its counters and storm bucket start fresh.
     *
     * @throws IllegalArgumentException if the index is outside the capacity
     * @throws IllegalStateException    if another port holds that index
     */
    public void addPort(Port port) {
        addPort(port.index(), port);
    }

    /** Attaches {@code port} at {@code index} (the network's port allocator chose it); see {@link #addPort(Port)}. */
    public void addPort(int index, Port port) {
        if (index < 0 || index >= portCapacity) {
            throw new IllegalArgumentException("port index " + index + " outside 0.." + (portCapacity - 1)
                    + " (" + port.describe() + ")");
        }
        if (ports[index] != null) {
            throw new IllegalStateException("port index " + index + " already holds " + ports[index].describe()
                    + "; remove it before adding " + port.describe());
        }
        PortKind kind = port.kind();
        ports[index] = port;
        peer[index] = kind.isPeer();
        client[index] = kind == PortKind.UDP_CLIENT || kind == PortKind.WS_CLIENT;
        boundMac[index] = port.boundMac();
        rxFrames[index] = 0;
        rxBytes[index] = 0;
        txFrames[index] = 0;
        txBytes[index] = 0;
        floodDrops[index] = 0;
        txErrors[index] = 0;
        storm.reset(index);
        macTable.flushPort(index);
        if (peer[index]) {
            peerPorts.add(index);
        } else {
            localPorts.add(index);
        }
    }

    /**
     * Detaches the port at {@code index} and forgets the MACs learned on it, so frames to its
     * hosts flood again (and find them if they reappear elsewhere).
     *
     * @return the removed port, or null when there was none
     */
    public Port removePort(int index) {
        if (index < 0 || index >= portCapacity || ports[index] == null) {
            return null;
        }
        Port removed = ports[index];
        ports[index] = null;
        localPorts.remove(index);
        peerPorts.remove(index);
        peer[index] = false;
        client[index] = false;
        macTable.flushPort(index);
        return removed;
    }

    /** The port at {@code index}, or null. */
    public Port port(int index) {
        return index >= 0 && index < portCapacity ? ports[index] : null;
    }

    public int portCount() {
        return localPorts.size() + peerPorts.size();
    }

    public int portCapacity() {
        return portCapacity;
    }

    // =========================================================================================
    // HOT PATH
    // =========================================================================================

    /**
     * HOT PATH. Switches one Ethernet frame {@code frame[off .. off+len)} that entered through
     * port {@code ingressPort}. The array is only read, and may be reused once this returns.
     *
     * @param nowNanos the caller's clock (monotonic nanoseconds), used for learning, aging and
     *                 storm control
     * @return how many ports the frame was handed to (0 when dropped)
     */
    public int forward(int ingressPort, byte[] frame, int off, int len, long nowNanos) {
        if (ingressPort < 0 || ingressPort >= portCapacity || ports[ingressPort] == null) {
            noIngress++;
            return 0;
        }
        rxFrames[ingressPort]++;
        rxBytes[ingressPort] += len;
        // EthernetFrame: dst(6) | src(6) | type(2); anything shorter has no header to switch on.
        if (len < EthernetFrame.MIN_LEN || off < 0 || len > frame.length - off) {
            malformed++;
            return 0;
        }
        long dst = MacAddress.read(frame, off + EthernetFrame.OFFSET_DST);
        long src = MacAddress.read(frame, off + EthernetFrame.OFFSET_SRC);
        if (client[ingressPort] && !clientMaySend(ingressPort, src, frame, off, len)) {
            return 0;
        }
        macTable.learn(src, ingressPort, nowNanos);

        if (!MacAddress.isMulticast(dst)) {
            int out = macTable.lookup(dst, nowNanos);
            if (out >= 0 && ports[out] != null) {
                if (out == ingressPort) {
                    hairpin++;
                    return 0;
                }
                if (peer[ingressPort] && peer[out]) {
                    splitHorizon++;
                    return 0;
                }
                unicasts++;
                return transmit(out, frame, off, len);
            }
        }

        if (!storm.allow(ingressPort, nowNanos)) {
            stormDrops++;
            floodDrops[ingressPort]++;
            return 0;
        }
        floods++;
        return peer[ingressPort]
                ? floodFromPeer(ingressPort, frame, off, len)
                : floodFromLocal(ingressPort, frame, off, len);
    }

    /** HOT PATH. Port security for a frame from a client port; counts the drop when it says no. */
    private boolean clientMaySend(int ingressPort, long src, byte[] frame, int off, int len) {
        long bound = boundMac[ingressPort];
        if (bound != Port.ANY_MAC && src != bound) {
            macSpoof++;
            return false;
        }
        switch (ServerFrames.classify(frame, off, len)) {
            case ServerFrames.ROUTER_ADVERTISEMENT -> {
                raGuard++;
                return false;
            }
            case ServerFrames.DHCP_SERVER -> {
                dhcpSnoop++;
                return false;
            }
            default -> {
                return true;
            }
        }
    }

    /**
     * HOT PATH. A flood that entered from another node: local ports only. The peer set is not
     * reachable from here — that is the split horizon.
     */
    private int floodFromPeer(int ingressPort, byte[] frame, int off, int len) {
        return floodTo(localPorts, ingressPort, frame, off, len);
    }

    /** HOT PATH. A flood that entered from a local port: every other local port, then every peer. */
    private int floodFromLocal(int ingressPort, byte[] frame, int off, int len) {
        return floodTo(localPorts, ingressPort, frame, off, len)
                + floodTo(peerPorts, ingressPort, frame, off, len);
    }

    private int floodTo(FloodSet set, int ingressPort, byte[] frame, int off, int len) {
        int[] members = set.members();
        int n = set.size();
        int sent = 0;
        for (int i = 0; i < n; i++) {
            int p = members[i];
            if (p != ingressPort) {
                sent += transmit(p, frame, off, len);
            }
        }
        return sent;
    }

    private int transmit(int out, byte[] frame, int off, int len) {
        try {
            ports[out].transmit(frame, off, len);
        } catch (RuntimeException e) {
            txErrors[out]++;
            return 0;
        }
        txFrames[out]++;
        txBytes[out] += len;
        return 1;
    }

    // =========================================================================================
    // Periodic and cold paths
    // =========================================================================================

    /** Periodic (every few seconds, on the owning thread): ages out MAC entries. */
    public int sweep(long nowNanos) {
        return macTable.sweep(nowNanos);
    }

    /** This switch's MAC table, for {@link MacTable#dump} and its counters. Owning thread only. */
    public MacTable macTable() {
        return macTable;
    }

    public StormControl stormControl() {
        return storm;
    }

    /** COLD PATH (allocates). A snapshot of every counter, ports by index. */
    public SwitchCounters counters() {
        List<SwitchCounters.PortCounters> rows = new ArrayList<>(portCount());
        for (int i = 0; i < portCapacity; i++) {
            Port p = ports[i];
            if (p != null) {
                rows.add(new SwitchCounters.PortCounters(i, p.kind(), p.describe(),
                        rxFrames[i], rxBytes[i], txFrames[i], txBytes[i], floodDrops[i], txErrors[i]));
            }
        }
        return new SwitchCounters(malformed, hairpin, splitHorizon, stormDrops, noIngress,
                macSpoof, raGuard, dhcpSnoop, floods, unicasts, rows);
    }
}
