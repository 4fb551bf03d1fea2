package atenet.vswitch.udp;

import atenet.wire.crypto.KeyId;
import atenet.wire.crypto.PacketCipher;
import atenet.wire.crypto.X25519Keys;
import atenet.wire.frame.KeyMac;
import atenet.wire.handshake.HandshakeLayout;
import atenet.wire.handshake.HandshakeMacs;
import atenet.wire.handshake.InitiatorHandshake;
import atenet.wire.handshake.Tai64n;
import atenet.wire.handshake.TransportKeys;
import atenet.wire.identity.CertExchange;
import atenet.wire.overlay.MessageKind;
import atenet.wire.overlay.OverlayCodec;
import atenet.wire.overlay.OverlayHeader;
import atenet.wire.overlay.PacketType;
import atenet.wire.overlay.RejectReason;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * A real client of the node's UDP protocol over loopback, built on the wire classes: CERT_REQUEST, Noise IK
 * handshake ({@link InitiatorHandshake}, with the cookie round trip under load), TRANSPORT packets sealed with
 * {@link PacketCipher} under {@link TransportKeys}, and raw sends for hostile packets.
 *
 * <p>It keeps two generations of keys (current and previous) so that packets the node sealed under the old
 * keys while a rekey is confirmed still open. Datagrams read while waiting for a handshake answer are kept
 * (in arrival order) for the next {@link #receive()}. Not thread-safe.
 */
final class TestClient implements AutoCloseable {
    static final int TIMEOUT_MILLIS = 2000;
    final SecureRandom random = new SecureRandom();
    final byte[] priv;
    final byte[] pub;
    final long keyId;
    final byte[] networkId;
    final byte[] nodePub;
    final byte[] chainId;
    final DatagramChannel ch;
    final PacketCipher cipher = new PacketCipher();
    final byte[] buf = new byte[2048];
    private final Deque<byte[]> pending = new ArrayDeque<>();
    private long lastTimestampMillis;

    /** The attempt in progress (or the last one), and the bytes of its INIT as last sent. */
    InitiatorHandshake hs;
    byte[] lastInit;
    /** The index this client chose (the node's packets carry it) and the node's index (ours carry it). */
    int localIndex;
    int remoteIndex;
    TransportKeys keys;
    long counter;
    /** The generation before (kept for the node's packets sealed before our rekey was confirmed). */
    int previousLocalIndex;
    int previousRemoteIndex;
    TransportKeys previousKeys;
    long previousCounter;
    /** The node's last cookie for our address (a real client keeps it for its next INITs: mac2). */
    byte[] cookie;
    /** Set by {@link #handshake()}: the node's answer, and whether a COOKIE came first. */
    InitiatorHandshake.Response lastResponse;
    int cookiesReceived;
    /** The index our INITs carry; 0 = a random one per attempt. */
    int fixedSenderIndex;
    byte[] lastSent;
    /** Plaintext length (type + payload) of the last opened packet; its payload is at buf[14..]. */
    int lastPlain;
    /** The last NODES payload received. */
    byte[] lastNodes;

    TestClient(TestNode node, byte[] networkId, InetAddress bind) throws IOException {
        this(networkId, node.nodePub, node.chainId, node.addr, bind);
    }

    TestClient(byte[] networkId, byte[] nodePub, byte[] chainId, InetSocketAddress node, InetAddress bind)
            throws IOException {
        this(networkId, nodePub, chainId, node, bind, null);
    }

    /** @param priv the access key's X25519 private key (null: a new one) */
    TestClient(byte[] networkId, byte[] nodePub, byte[] chainId, InetSocketAddress node, InetAddress bind, byte[] priv)
            throws IOException {
        this.priv = priv != null ? priv.clone() : X25519Keys.generatePrivate(random);
        this.pub = X25519Keys.publicOf(this.priv);
        this.keyId = KeyId.of(pub);
        this.networkId = networkId.clone();
        this.nodePub = nodePub.clone();
        this.chainId = chainId.clone();
        this.ch = DatagramChannel.open();
        ch.bind(new InetSocketAddress(bind != null ? bind : node.getAddress(), 0));
        ch.connect(node);
        ch.socket().setSoTimeout(TIMEOUT_MILLIS);
    }

    /** The same access key in a new process: a new socket (new source port), no session, a later clock. */
    TestClient restarted() throws IOException {
        InetSocketAddress local = (InetSocketAddress) ch.getLocalAddress();
        TestClient c = new TestClient(networkId, nodePub, chainId, (InetSocketAddress) ch.getRemoteAddress(),
                local.getAddress(), priv);
        c.lastTimestampMillis = lastTimestampMillis;
        return c;
    }

    AdmittedKey admitted(boolean revoked) {
        return admitted(revoked, 0);
    }

    AdmittedKey admitted(boolean revoked, long expiresAtMillis) {
        return new AdmittedKey(keyId, OverlayCodec.getLong(networkId, 0), OverlayCodec.getLong(networkId, 8),
                pub, expiresAtMillis, revoked);
    }

    /** The only source MAC the node accepts from this client's port (unless its key is a bridge). */
    long mac() {
        return KeyMac.of(pub);
    }

    void setTimeout(int millis) throws IOException {
        ch.socket().setSoTimeout(millis);
    }

    // ------------------------------------------------------------------ handshake

    /** A strictly newer TAI64N timestamp on every call (so that no attempt of ours looks replayed). */
    byte[] nextTimestamp() {
        long now = Math.max(System.currentTimeMillis(), lastTimestampMillis + 1);
        lastTimestampMillis = now;
        return Tai64n.of(now, 0);
    }

    /** Starts a new attempt (new ephemeral key, newer timestamp) and sends its INIT (mac2 from the last cookie, if any). */
    void sendInit() throws IOException {
        int index = fixedSenderIndex;
        while (index == 0) {
            index = random.nextInt();
        }
        if (hs != null) {
            hs.abandon();
        }
        hs = new InitiatorHandshake(priv, nodePub, chainId, networkId, index, nextTimestamp(), random);
        resendInit(cookie);
    }

    /** Sends the current attempt's INIT again (the same bytes), with mac2 from {@code cookie} when not null. */
    void resendInit(byte[] cookie) throws IOException {
        byte[] p = new byte[HandshakeLayout.INIT_LEN];
        int n = hs.writeInit(p, cookie);
        lastInit = Arrays.copyOf(p, n);
        send(p, n);
    }

    /** The cookie inside a COOKIE message answering the current attempt, or null. */
    byte[] openCookie(byte[] msg, int len) {
        if (len != HandshakeLayout.COOKIE_LEN || msg[0] != MessageKind.COOKIE
                || OverlayCodec.getInt(msg, HandshakeLayout.COOKIE_OFFSET_RECEIVER) != hs.senderIndex()) {
            return null;
        }
        return HandshakeMacs.openCookieReply(msg, len, HandshakeMacs.cookieKey(nodePub), hs.mac1());
    }

    /**
     * Sends an INIT and waits for the node's authenticated RESPONSE, answering a COOKIE with mac2 on the way.
     * Other datagrams are kept for {@link #receive()}. On acceptance the new keys become current (the old
     * ones previous). Returns null on timeout (no answer: a dropped, replayed or rate-limited INIT).
     */
    InitiatorHandshake.Response handshake() throws IOException {
        sendInit();
        return awaitResponse();
    }

    InitiatorHandshake.Response awaitResponse() throws IOException {
        lastResponse = null;
        long deadline = System.nanoTime() + TIMEOUT_MILLIS * 1_000_000L;
        while (System.nanoTime() < deadline) {
            int n = receiveDatagram();
            if (n < 0) {
                break;
            }
            if (buf[0] == MessageKind.COOKIE) {
                byte[] c = openCookie(buf, n);
                if (c != null) {
                    cookiesReceived++;
                    cookie = c;
                    resendInit(c);
                }
                continue;
            }
            if (hs.isForMe(buf, n)) {
                InitiatorHandshake.Response r = hs.readResponse(buf, n);
                if (r == null) {
                    continue;
                }
                lastResponse = r;
                if (r.accepted()) {
                    previousLocalIndex = localIndex;
                    previousRemoteIndex = remoteIndex;
                    previousKeys = keys;
                    previousCounter = counter;
                    localIndex = hs.senderIndex();
                    remoteIndex = r.remoteIndex();
                    keys = r.keys();
                    counter = 0;
                }
                return r;
            }
            pending.addLast(Arrays.copyOf(buf, n));
        }
        return null;
    }

    /** The refusal reason of the last handshake (NONE when accepted; null when no answer). */
    RejectReason lastRefusal() {
        return lastResponse == null ? null : lastResponse.accepted() ? RejectReason.NONE
                : RejectReason.of(lastResponse.status());
    }

    /**
     * Handshake, then the confirming KEEPALIVE: the node attaches the port (first session) or rekeys it, sends
     * NODES and answers KEEPALIVE_ACK. Packets of other types received meanwhile are kept for later.
     */
    void join() throws IOException {
        InitiatorHandshake.Response r = handshake();
        if (r == null || !r.accepted()) {
            throw new IOException("handshake failed: " + (r == null ? "no answer" : RejectReason.of(r.status())));
        }
        confirm();
    }

    /** Sends the KEEPALIVE that confirms the new keys and waits for NODES and KEEPALIVE_ACK. */
    void confirm() throws IOException {
        confirm(1);
    }

    /**
     * As {@link #confirm()}, sending the KEEPALIVE again (up to {@code attempts} times) when no answer came, as a
     * client does: under a flood on the same socket a datagram may be lost. NODES counts from any attempt.
     */
    void confirm(int attempts) throws IOException {
        boolean[] nodesSeen = new boolean[1];
        for (int i = 1; ; i++) {
            try {
                confirmOnce(nodesSeen);
                return;
            } catch (IOException e) {
                if (i >= attempts || !e.getMessage().startsWith("no KEEPALIVE_ACK")) {
                    throw e;
                }
            }
        }
    }

    private void confirmOnce(boolean[] nodesSeen) throws IOException {
        sendSealed(PacketType.KEEPALIVE, new byte[0]);
        Deque<byte[]> later = new ArrayDeque<>();
        boolean nodes = nodesSeen[0];
        try {
            while (true) {
                int n = receive();
                if (n < 0) {
                    throw new IOException("no KEEPALIVE_ACK after the handshake (NODES seen: " + nodes + ")");
                }
                byte[] raw = Arrays.copyOf(buf, n);
                byte t = open(n);
                if (t == PacketType.NODES) {
                    nodes = true;
                    nodesSeen[0] = true;
                    lastNodes = Arrays.copyOfRange(buf, OverlayHeader.OFFSET_TYPE + 1, OverlayHeader.OFFSET_TYPE + lastPlain);
                } else if (t == PacketType.KEEPALIVE_ACK) {
                    if (!nodes) {
                        throw new IOException("KEEPALIVE_ACK before NODES");
                    }
                    return;
                } else {
                    later.addLast(raw);
                }
            }
        } finally {
            while (!later.isEmpty()) {
                pending.addFirst(later.removeLast());
            }
        }
    }

    /** One generation of session keys as the client holds it. */
    record Generation(int localIndex, int remoteIndex, TransportKeys keys) {
    }

    Generation previousGeneration() {
        return new Generation(previousLocalIndex, previousRemoteIndex, previousKeys);
    }

    Generation currentGeneration() {
        return new Generation(localIndex, remoteIndex, keys);
    }

    // ------------------------------------------------------------------ transport

    /** Seals a packet as this client would send it now (its counter moves), without sending it. */
    byte[] seal(byte type, byte[] payload) {
        return sealWith(keys, remoteIndex, ++counter, type, payload);
    }

    /** Seals a packet under the previous generation of keys (as a late packet of the old session). */
    byte[] sealPrevious(byte type, byte[] payload) {
        return sealWith(previousKeys, previousRemoteIndex, ++previousCounter, type, payload);
    }

    byte[] sealWith(TransportKeys k, int receiverIndex, long ctr, byte type, byte[] payload) {
        byte[] p = new byte[OverlayHeader.MAX_PACKET_LEN + 64];
        OverlayCodec.writeHeader(p, receiverIndex, ctr);
        p[OverlayHeader.OFFSET_TYPE] = type;
        System.arraycopy(payload, 0, p, OverlayHeader.OFFSET_TYPE + 1, payload.length);
        int n = cipher.seal(p, 1 + payload.length, k.send);
        return Arrays.copyOf(p, n);
    }

    void sendSealed(byte type, byte[] payload) throws IOException {
        byte[] p = seal(type, payload);
        send(p, p.length);
    }

    void sendFrame(byte[] frame) throws IOException {
        sendSealed(PacketType.FRAME, frame);
    }

    void keepalive() throws IOException {
        sendSealed(PacketType.KEEPALIVE, new byte[0]);
    }

    void bye(RejectReason why) throws IOException {
        sendSealed(PacketType.BYE, new byte[]{(byte) why.code});
    }

    void send(byte[] p, int n) throws IOException {
        lastSent = Arrays.copyOf(p, n);
        ch.write(ByteBuffer.wrap(p, 0, n));
    }

    /** Any bytes, as they are (hostile packets). */
    void sendRaw(byte[] p) throws IOException {
        ch.write(ByteBuffer.wrap(p));
    }

    /** The next datagram (kept ones first) into {@link #buf}; its length, or -1 on timeout. */
    int receive() throws IOException {
        byte[] kept = pending.pollFirst();
        if (kept != null) {
            System.arraycopy(kept, 0, buf, 0, kept.length);
            return kept.length;
        }
        return receiveDatagram();
    }

    private int receiveDatagram() throws IOException {
        DatagramPacket dp = new DatagramPacket(buf, buf.length);
        try {
            ch.socket().receive(dp);
        } catch (SocketTimeoutException e) {
            return -1;
        }
        return dp.getLength();
    }

    /**
     * Opens the TRANSPORT packet in {@link #buf} under the keys its receiver index names (current or previous
     * generation); its type, or 0 when it is no transport packet or does not authenticate.
     */
    byte open(int n) {
        if (n < OverlayHeader.MIN_SEALED_LEN || buf[0] != MessageKind.TRANSPORT) {
            return 0;
        }
        int index = OverlayCodec.receiver(buf);
        TransportKeys k = keys != null && index == localIndex ? keys
                : previousKeys != null && index == previousLocalIndex ? previousKeys : null;
        if (k == null) {
            return 0;
        }
        lastPlain = cipher.open(buf, n, k.receive);
        if (lastPlain < 1) {
            return 0;
        }
        return buf[OverlayHeader.OFFSET_TYPE];
    }

    /** Receives one sealed packet and returns its type (payload at buf[14..]); 0 on timeout or anything else. */
    byte receiveType() throws IOException {
        int n = receive();
        if (n < 0) {
            return 0;
        }
        return open(n);
    }

    /** The payload of the last opened packet. */
    byte[] payload() {
        return Arrays.copyOfRange(buf, OverlayHeader.OFFSET_TYPE + 1, OverlayHeader.OFFSET_TYPE + lastPlain);
    }

    /** The next FRAME's Ethernet frame, skipping NODES and KEEPALIVE_ACK; null on timeout or another type. */
    byte[] receiveFrame() throws IOException {
        while (true) {
            byte t = receiveType();
            if (t == PacketType.FRAME) {
                return payload();
            }
            if (t != PacketType.NODES && t != PacketType.KEEPALIVE_ACK) {
                return null;
            }
        }
    }

    /** Asks for the node's certificate of {@code chain}; the CERT message's length, or -1 without an answer. */
    int requestCert(long requestId, byte[] chain) throws IOException {
        byte[] p = new byte[CertExchange.REQUEST_LEN];
        int n = CertExchange.writeRequest(p, requestId, chain);
        send(p, n);
        return receive();
    }

    @Override
    public void close() throws IOException {
        if (hs != null) {
            hs.abandon();
        }
        ch.close();
    }
}
