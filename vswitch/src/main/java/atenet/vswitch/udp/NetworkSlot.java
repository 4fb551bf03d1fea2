package atenet.vswitch.udp;

import atenet.vswitch.fdb.MacTable;
import atenet.vswitch.forward.StormControl;
import atenet.vswitch.forward.FrameRing;
import atenet.vswitch.forward.SwitchCore;
import atenet.wire.port.PortLink;
import atenet.vswitch.forward.SwitchCounters;
import atenet.wire.port.Port;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One network served by this node: its identity, its own isolated {@link SwitchCore}, and the one way in for
 * every kind of port: {@link #attach(Port)} gives any {@link Port} an index and a {@link PortLink}.
 *
 * <pre>
 *  link.receive()  (switch thread)    ──▶ core.forward ──▶ ports' transmit
 *      └ called from inside a transmit (an ethereal port answering): copied to the reply queue,
 *        forwarded right after the frame being switched — the switch is never re-entered
 *  link.offer()    (any thread)       ──▶ ingress ring ──(drainIngress, each data-plane turn)──▶ core.forward
 * </pre>
 * Both queues are bounded ({@link #REPLY_QUEUE} / {@link #INGRESS_RING} frames): when full the frame is dropped
 * and counted (replyDrops / ingressDrops in status), never buffered without bound.
 * Owned by the data-plane thread, except {@link PortLink#offer}.
 */
final class NetworkSlot {
    final byte[] id;
    final long idHi;
    final long idLo;
    final String name;
    final String subnet;
    final int mtu;
    /** The NODES payload for this network's clients (encoded once per admission change). */
    byte[] nodesPayload = new byte[0];
    static final int REPLY_QUEUE = 64;
    static final int INGRESS_RING = 256;
    static final int MAX_FRAME = atenet.wire.overlay.OverlayHeader.MAX_PAYLOAD_LEN;
    private final SwitchCore core;
    private final int[] freeIndexes;
    private int freeCount;
    private final FrameRing replies = new FrameRing(REPLY_QUEUE, MAX_FRAME);
    private final FrameRing ingress = new FrameRing(INGRESS_RING, MAX_FRAME);
    private final FrameRing.Sink fromReplies = this::forwardReply;
    private final FrameRing.Sink fromIngress = this::forwardIngress;
    private final Link[] links;
    /** True while a frame is being switched: a receive() now comes from inside a transmit. */
    private boolean forwarding;
    private int generation;
    private final Runnable wakeup;
    /** The data plane's clock, set before frames are handed in (MAC aging granularity). */
    long now;

    NetworkSlot(NetworkInfo info, SwitchOptions options) {
        this(info, options, () -> { });
    }

    /** @param wakeup wakes the data-plane thread when a port on another thread offers a frame to an empty ring */
    NetworkSlot(NetworkInfo info, SwitchOptions options, Runnable wakeup) {
        this.wakeup = wakeup;
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
        this.links = new Link[ports];
        update(info);
    }

    /**
     * Takes the network's current node list (the rest of a network never changes).
     *
     * @return whether the list changed (its clients are then sent the new one)
     */
    boolean update(NetworkInfo info) {
        byte[] buf = new byte[atenet.wire.overlay.NodeList.maxLen()];
        int n = atenet.wire.overlay.NodeList.write(info.nodes().stream().map(ServingNode::entry).toList(), buf, 0);
        byte[] next = java.util.Arrays.copyOf(buf, n);
        boolean changed = !java.util.Arrays.equals(next, nodesPayload);
        nodesPayload = next;
        return changed;
    }

    boolean hasFreePort() {
        return freeCount > 0;
    }

    /** Gives {@code port} an index and its way in; null when the switch is full. */
    PortLink attach(Port port) {
        if (freeCount == 0) {
            return null;
        }
        int index = freeIndexes[--freeCount];
        Link link = new Link(index, ++generation & 0x7fff);
        links[index] = link;
        core.addPort(index, port);
        return link;
    }

    /** Frames that ports on other threads offered: into the switch, in order. */
    int drainIngress(long nowNanos) {
        now = nowNanos;
        int n = 0;
        if (!replies.isEmpty()) {                                   // left over by a reply storm: bounded per turn
            forwarding = true;
            try {
                n += drainReplies();
            } finally {
                forwarding = false;
            }
        }
        if (!ingress.isEmpty()) {
            n += ingress.drain(fromIngress, INGRESS_RING);
        }
        return n;
    }

    /** HOT PATH: the frame in {@code [off, off+len)} enters through port {@code ingressIndex}. */
    private boolean receive(int ingressIndex, byte[] frame, int off, int len) {
        if (forwarding) {
            return replies.offer(tag(ingressIndex, links[ingressIndex].generation), frame, off, len);  // after this frame
        }
        forwarding = true;
        try {
            core.forward(ingressIndex, frame, off, len, now);
            if (!replies.isEmpty()) {
                drainReplies();
            }
        } finally {
            forwarding = false;
        }
        return true;
    }

    /** Answers queued from inside transmit, in order (each may queue more): at most 4 queues' worth per call. */
    private int drainReplies() {
        return replies.drain(fromReplies, 4 * REPLY_QUEUE);
    }

    /**
     * A queued frame's tag: the port's index and the link's generation, so a frame whose port left (and
     * whose index went to another port) while it waited is discarded, not switched as the newcomer's.
     */
    private static int tag(int index, int generation) {
        return (generation << 16) | index;
    }

    private Link linkOf(int tag) {
        Link l = links[tag & 0xffff];
        return l != null && l.generation == (tag >>> 16) ? l : null;
    }

    private void forwardReply(int tag, byte[] frame, int off, int len) {
        if (linkOf(tag) != null) {
            core.forward(tag & 0xffff, frame, off, len, now);
        }
    }

    private void forwardIngress(int tag, byte[] frame, int off, int len) {
        if (linkOf(tag) != null) {
            receive(tag & 0xffff, frame, off, len);
        }
    }

    /** A port's link: the index it holds and its ways in. */
    private final class Link implements PortLink {
        private final int index;
        private final int generation;
        private volatile boolean attached = true;

        Link(int index, int generation) {
            this.index = index;
            this.generation = generation;
        }

        @Override
        public int index() {
            return index;
        }

        @Override
        public boolean receive(byte[] frame, int off, int len) {
            return attached && NetworkSlot.this.receive(index, frame, off, len);
        }

        @Override
        public boolean offer(byte[] frame, int off, int len) {
            if (!attached) {
                return false;
            }
            boolean wasEmpty = ingress.isEmpty();
            boolean taken = ingress.offer(tag(index, generation), frame, off, len);
            if (taken && wasEmpty) {
                wakeup.run();                            // the data plane may be asleep in select()
            }
            return taken;
        }

        @Override
        public void detach() {
            if (attached) {
                attached = false;
                links[index] = null;
                if (core.removePort(index) != null) {
                    freeIndexes[freeCount++] = index;
                }
            }
        }
    }

    void sweep(long nowNanos) {
        core.sweep(nowNanos);
    }

    /** A typed snapshot of this network's switch (data-plane thread; no JSON here). */
    DataPlaneStatus.Network snapshot(long nowNanos) {
        SwitchCounters c = core.counters();
        MacTable t = core.macTable();
        Map<String, Long> counters = new LinkedHashMap<>();
        counters.put("floods", c.floods());
        counters.put("unicasts", c.unicasts());
        counters.put("malformed", c.malformed());
        counters.put("hairpin", c.hairpin());
        counters.put("splitHorizon", c.splitHorizon());
        counters.put("stormDrops", c.stormDrops());
        counters.put("noIngress", c.noIngress());
        counters.put("replyDrops", replies.dropped());
        counters.put("ingressDrops", ingress.dropped());
        counters.put("macSpoof", c.macSpoof());
        counters.put("raGuard", c.raGuard());
        counters.put("dhcpSnoop", c.dhcpSnoop());
        counters.put("macLearned", t.learned());
        counters.put("macMoved", t.moved());
        counters.put("macEvicted", t.evicted());
        counters.put("macAged", t.aged());
        return new DataPlaneStatus.Network(name, java.util.HexFormat.of().formatHex(id), subnet, mtu, List.copyOf(c.ports()),
                List.copyOf(core.macTable().dump(nowNanos)), counters);
    }

    /** The snapshot as JSON (tests; the admin API converts on its own thread). */
    JsonObject toJson(long nowNanos) {
        return StatusJson.of(new DataPlaneStatus(List.of(), List.of(), List.of(snapshot(nowNanos)), null, Map.of(), 0, 0, Map.of(), 0))
                .getJsonArray("networks").getJsonObject(0);
    }
}
