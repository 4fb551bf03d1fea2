package atenet.vswitch.udp;

import atenet.wire.crypto.KeyId;
import atenet.wire.crypto.X25519Keys;
import atenet.wire.frame.MacAddress;
import atenet.wire.identity.NodeCertificate;
import atenet.wire.overlay.NodeList;
import atenet.wire.overlay.OverlayCodec;
import io.vertx.core.json.JsonObject;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One real data plane on loopback UDP for the udp tests: a fresh node identity (X25519 key, chain id, and a
 * NODE_ENROLLED certificate signed by a fresh operator Ed25519 key, built by hand as in wire's Certs), one
 * network, and helpers to admit {@link TestClient}s and read the status and drop counters.
 */
final class TestNode implements AutoCloseable {
    static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    final SecureRandom random = new SecureRandom();
    final byte[] nodePriv = X25519Keys.generatePrivate(random);
    final byte[] nodePub = X25519Keys.publicOf(nodePriv);
    final byte[] chainId = bytes(32);
    final byte[] operatorSecret = bytes(Ed25519.SECRET_KEY_SIZE);
    final byte[] operatorKey = ed25519PublicOf(operatorSecret);
    final byte[] certificate = certificate("node-1");
    final NodeIdentity identity = new NodeIdentity(nodePriv, chainId, certificate);
    final byte[] networkId = bytes(16);
    final UdpDataPlane plane;
    final InetSocketAddress addr;

    /** System clocks, offload from the environment default (on). */
    TestNode() throws IOException {
        this(true, System::nanoTime, System::currentTimeMillis);
    }

    TestNode(boolean offload) throws IOException {
        this(offload, System::nanoTime, System::currentTimeMillis);
    }

    TestNode(boolean offload, LongSupplier nanoClock, LongSupplier wallClock) throws IOException {
        this(SwitchOptions.DEFAULTS, offload, nanoClock, wallClock);
    }

    TestNode(SwitchOptions options, boolean offload, LongSupplier nanoClock, LongSupplier wallClock) throws IOException {
        plane = new UdpDataPlane(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), identity,
                options, offload, nanoClock, wallClock);
        addr = plane.localAddress();
        plane.start();
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    static byte[] ed25519PublicOf(byte[] secret) {
        byte[] pk = new byte[Ed25519.PUBLIC_KEY_SIZE];
        Ed25519.generatePublicKey(secret, 0, pk, 0);
        return pk;
    }

    /** A NODE_ENROLLED entry for this node's X25519 key, signed by the operator (layout in NodeCertificate). */
    private byte[] certificate(String nodeName) {
        byte[] name = nodeName.getBytes(StandardCharsets.UTF_8);
        int bodyLen = 32 + 32 + 2 + name.length;
        byte[] e = new byte[62 + bodyLen + 64];
        e[0] = 1;
        e[1] = (byte) NodeCertificate.TYPE_NODE_ENROLLED;
        OverlayCodec.putLong(e, 2, 7);                                   // sequence
        OverlayCodec.putLong(e, 10, 1_764_000_000_000L);                 // time
        System.arraycopy(bytes(32), 0, e, 18, 32);                       // previous hash
        OverlayCodec.putLong(e, 50, KeyId.of(operatorKey));              // author
        OverlayCodec.putInt(e, 58, bodyLen);
        System.arraycopy(ed25519PublicOf(bytes(32)), 0, e, 62, 32);      // node signing key
        System.arraycopy(nodePub, 0, e, 94, 32);
        OverlayCodec.putShort(e, 126, name.length);
        System.arraycopy(name, 0, e, 128, name.length);
        Ed25519.sign(operatorSecret, 0, e, 0, e.length - 64, e, e.length - 64);
        return e;
    }

    TestClient client() throws IOException {
        return new TestClient(this, networkId, null);
    }

    TestClient client(byte[] network) throws IOException {
        return new TestClient(this, network, null);
    }

    /** A client whose socket is bound to {@code bind} (127.0.0.2 is another source on Linux loopback). */
    TestClient clientFrom(InetAddress bind) throws IOException {
        return new TestClient(this, networkId, bind);
    }

    NetworkInfo network() {
        return network(List.of());
    }

    /** Node ids count down the list, so the first entry (this node, in the tests) answers and never dials. */
    NetworkInfo network(List<NodeList.Entry> nodes) {
        List<ServingNode> serving = new java.util.ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            NodeList.Entry e = nodes.get(i);
            serving.add(new ServingNode(1000 - i, e.x25519Key(), e.name(), e.endpoint()));
        }
        return new NetworkInfo(networkId, OverlayCodec.getLong(networkId, 0), OverlayCodec.getLong(networkId, 8),
                "default", "10.250.0.0/24", 1400, List.copyOf(serving));
    }

    void admit(TestClient... clients) throws Exception {
        admit(false, clients);
    }

    /** Admits the clients' keys; with {@code revokeFirst} the first one is revoked. */
    void admit(boolean revokeFirst, TestClient... clients) throws Exception {
        AdmittedKey[] keys = new AdmittedKey[clients.length];
        for (int i = 0; i < clients.length; i++) {
            keys[i] = clients[i].admitted(revokeFirst && i == 0);
        }
        admit(keys);
    }

    void admit(AdmittedKey... keys) throws Exception {
        apply(new Admission(List.of(network()), map(keys), 1));
    }

    static Map<Long, AdmittedKey> map(AdmittedKey... keys) {
        Map<Long, AdmittedKey> m = new HashMap<>();
        for (AdmittedKey k : keys) {
            m.put(k.keyId(), k);
        }
        return m;
    }

    /** Applies {@code a} and waits until the data plane ran it. */
    void apply(Admission a) throws Exception {
        plane.apply(a);
        status();
    }

    JsonObject status() throws Exception {
        return plane.status().get(5, TimeUnit.SECONDS);
    }

    long drops(String reason) throws Exception {
        Long v = status().getJsonObject("drops").getLong(reason);
        if (v == null) {
            throw new AssertionError("no drop counter " + reason);
        }
        return v;
    }

    /** Polls a drop counter until it reaches {@code expected} (at most 3 s); returns the last value. */
    long awaitDrops(String reason, long expected) throws Exception {
        long deadline = System.nanoTime() + 3 * SECOND;
        long v;
        while ((v = drops(reason)) < expected && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        return v;
    }

    /** Polls until the loop has turned at least {@code turns} more times (at most 3 s). */
    boolean loopAdvances(int turns) throws InterruptedException {
        long start = plane.loopIterations();
        long deadline = System.nanoTime() + 3 * SECOND;
        while (plane.loopIterations() < start + turns) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(2);
        }
        return true;
    }

    static JsonObject sessionOf(JsonObject status, TestClient c) {
        String hex = KeyId.hex(c.keyId);
        for (int i = 0; i < status.getJsonArray("sessions").size(); i++) {
            JsonObject s = status.getJsonArray("sessions").getJsonObject(i);
            if (hex.equals(s.getString("keyId"))) {
                return s;
            }
        }
        return null;
    }

    static byte[] frame(long dst, long src, int payload) {
        return frame(dst, src, payload, 0);
    }

    static byte[] frame(long dst, long src, int payload, int seed) {
        byte[] f = new byte[14 + payload];
        MacAddress.write(f, 0, dst);
        MacAddress.write(f, 6, src);
        f[12] = 0x08;
        for (int i = 14; i < f.length; i++) {
            f[i] = (byte) (i * 13 + seed);
        }
        return f;
    }

    private boolean closed;

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            plane.close();
        }
    }
}
