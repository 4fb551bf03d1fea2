package atenet.sim;

import atenet.redolog.entry.LogEntryCodec;
import atenet.redolog.entry.NodeEnrolled;
import atenet.redolog.keys.Ed25519KeyPair;
import atenet.tapclient.ClientEngine;
import atenet.vswitch.udp.Admission;
import atenet.vswitch.udp.AdmittedKey;
import atenet.vswitch.udp.NetworkInfo;
import atenet.vswitch.udp.NodeIdentity;
import atenet.vswitch.udp.ServingNode;
import atenet.wire.crypto.KeyId;
import atenet.wire.crypto.X25519Keys;
import atenet.wire.net.HostPort;
import atenet.wire.overlay.OverlayCodec;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulator (after VpnCloud's simulator and wireguard-go's bind tests): real switch nodes
 * ({@code UdpDataPlane}) and real client engines ({@code ClientEngine}) on an in-memory underlay, one thread,
 * one fake clock, no sleeps. A chain is not run: the simulation plays the operator (its own Ed25519 key, a
 * real NODE_ENROLLED certificate per node) and hands every node the same {@link Admission}.
 *
 * <pre>
 *   SimClient ─┐                      ┌─ SimClient
 *   SimClient ─┼── SimNet (memory) ───┼─ SimNode (UdpDataPlane on a MemoryUnderlay)
 *   SimClient ─┘                      └─ SimNode ...
 *   settle(): step every node and pump every client until no datagram moves
 *   tick():   the clock moves 100 ms, clients run their timers, then settle()
 * </pre>
 */
public final class Sim {
    private static final SecureRandom RANDOM = new SecureRandom();
    public final SimNet net = new SimNet();
    public final SimClock clock = new SimClock();
    public final Ed25519KeyPair operator = Ed25519KeyPair.generate();
    public final byte[] chainId = random(32);
    public final byte[] networkId = random(16);
    public final List<SimNode> nodes = new ArrayList<>();
    public final List<SimClient> clients = new ArrayList<>();
    private final Map<Long, AdmittedKey> keys = new HashMap<>();
    private final Map<Long, Boolean> revoked = new HashMap<>();
    private final java.util.Set<SimNode> removed = new java.util.HashSet<>();
    private final Map<SimNode, String> refusing = new HashMap<>();
    private long sequence = 1;

    public static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    static InetSocketAddress address(String ip, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(ip), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A node enrolled by the simulation's operator, at 198.18.0.N:4789. */
    public SimNode addNode(String name) {
        byte[] x = X25519Keys.generatePrivate(RANDOM);
        Ed25519KeyPair signing = Ed25519KeyPair.generate();
        byte[] cert = LogEntryCodec.sign(sequence++, clock.millis(), random(32),
                new NodeEnrolled(signing.publicKey(), X25519Keys.publicOf(x), name), operator).encoded();
        SimNode n = new SimNode(net, clock, address("198.18.0." + (nodes.size() + 1), 4789),
                new NodeIdentity(x, chainId, cert), KeyId.of(signing.publicKey()), name);
        nodes.add(n);
        publish();
        return n;
    }

    /** A client with a new access key, joining through {@code via} (as with --server). */
    public SimClient addClient(SimNode via) {
        return addClient(via, X25519Keys.generatePrivate(RANDOM));
    }

    /** A client whose access key (issued by the operator, so admitted unless it is refused for another reason) is {@code priv}. */
    public SimClient addClient(SimNode via, byte[] priv) {
        byte[] pub = X25519Keys.publicOf(priv);
        long id = KeyId.of(pub);
        keys.put(id, new AdmittedKey(id, OverlayCodec.getLong(networkId, 0), OverlayCodec.getLong(networkId, 8), pub, 0, false));
        SimClient c = new SimClient(net, clock, address("198.19." + (clients.size() / 250) + "." + (clients.size() % 250 + 1), 40000),
                new ClientEngine.Credentials(chainId, operator.publicKey(), networkId, priv), List.of(HostPort.of(via.address)));
        clients.add(c);
        publish();
        return c;
    }

    /** Revokes a client's key on every node (as a chain entry would). */
    public void revoke(SimClient c) {
        long id = KeyId.of(X25519Keys.publicOf(c.accessPrivate));
        AdmittedKey k = keys.get(id);
        keys.put(id, new AdmittedKey(k.keyId(), k.networkHi(), k.networkLo(), k.publicKey(), 0, true));
        publish();
    }

    /** The operator removes {@code n} from the chain (NODE_REMOVED): it loses its membership, on every node. */
    public void remove(SimNode n) {
        removed.add(n);
        publish();
    }

    /** {@code n}'s copy of the chain stops verifying: its snapshots refuse new sessions for {@code why}. */
    public void refuse(SimNode n, String why) {
        refusing.put(n, why);
        publish();
    }

    /** Hands every node the current admission snapshot (its network lists every enrolled node, not removed, as serving). */
    public void publish() {
        List<ServingNode> members = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            SimNode n = nodes.get(i);
            if (!removed.contains(n)) {
                members.add(new ServingNode(n.nodeId, n.identity.x25519Public(), "node" + (i + 1), n.address));
            }
        }
        NetworkInfo net = new NetworkInfo(networkId, OverlayCodec.getLong(networkId, 0), OverlayCodec.getLong(networkId, 8),
                "sim", "10.250.0.0/24", 1400, List.copyOf(members));
        Admission a = new Admission(List.of(net), Map.copyOf(keys), sequence);
        for (SimNode n : nodes) {
            if (n.alive()) {
                n.apply(refusing.containsKey(n) ? a.refusing(refusing.get(n)) : a);
            }
        }
    }

    /** Steps every node and pumps every client until nothing moves. */
    public void settle() {
        for (int round = 0; round < 10_000; round++) {
            int moved = 0;
            for (SimNode n : nodes) {
                moved += n.step();
            }
            for (SimClient c : clients) {
                moved += c.pump();
            }
            if (moved == 0) {
                return;
            }
        }
        throw new IllegalStateException("the simulation did not settle");
    }

    /** 100 ms pass: clients run their timers, then everything settles. */
    public void tick() {
        clock.advanceMillis(100);
        for (SimClient c : clients) {
            c.engine().tick();
        }
        settle();
        for (SimNode n : nodes) {
            n.step();                                    // the sweep runs on the node's own clock check
        }
        settle();
    }

    public void ticks(int n) {
        for (int i = 0; i < n; i++) {
            tick();
        }
    }

    /** An Ethernet frame from {@code src} to {@code dst} with a 4-byte sequence number in its payload. */
    public static byte[] frame(long dst, long src, int seq) {
        byte[] f = new byte[64];
        atenet.wire.frame.MacAddress.write(f, 0, dst);
        atenet.wire.frame.MacAddress.write(f, 6, src);
        f[12] = (byte) 0x88;
        f[13] = (byte) 0xb5;                             // local experimental ethertype
        OverlayCodec.putInt(f, 14, seq);
        return f;
    }
}
