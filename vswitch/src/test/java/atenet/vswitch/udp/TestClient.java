package atenet.vswitch.udp;

import atenet.wire.crypto.KeyId;
import atenet.wire.crypto.PacketCipher;
import atenet.wire.crypto.SessionKeys;
import atenet.wire.crypto.X25519Keys;
import atenet.wire.overlay.OverlayCodec;
import atenet.wire.overlay.OverlayHeader;
import atenet.wire.overlay.PacketType;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.util.Arrays;

/** A minimal overlay client over loopback UDP, speaking the node protocol with the wire classes. */
final class TestClient implements AutoCloseable {
    final byte[] priv;
    final byte[] pub;
    final long keyId;
    final byte[] networkId;
    final byte[] shared;
    final long nodeKeyId;
    final DatagramChannel ch;
    final PacketCipher cipher = new PacketCipher();
    long clientSession;
    long nodeSession;
    long counter;
    SessionKeys keys;
    byte[] lastSent;
    final byte[] buf = new byte[2048];

    TestClient(byte[] networkId, byte[] nodePub, InetSocketAddress node) throws IOException {
        SecureRandom r = new SecureRandom();
        this.priv = X25519Keys.generatePrivate(r);
        this.pub = X25519Keys.publicOf(priv);
        this.keyId = KeyId.of(pub);
        this.networkId = networkId;
        this.shared = X25519Keys.agree(priv, nodePub);
        this.nodeKeyId = KeyId.of(nodePub);
        this.ch = DatagramChannel.open();
        ch.connect(node);
        ch.socket().setSoTimeout(2000);
        this.clientSession = r.nextLong() | 1;
    }

    AdmittedKey admitted(boolean revoked) {
        return admitted(revoked, 0);
    }

    AdmittedKey admitted(boolean revoked, long expiresAtMillis) {
        return new AdmittedKey(keyId, OverlayCodec.getLong(networkId, 0), OverlayCodec.getLong(networkId, 8),
                shared, expiresAtMillis, revoked);
    }

    void sendHello() throws IOException {
        byte[] p = new byte[OverlayHeader.MAX_PACKET_LEN];
        OverlayCodec.writeHeader(p, OverlayCodec.getLong(networkId, 0), OverlayCodec.getLong(networkId, 8), keyId,
                clientSession, ++counter);
        p[OverlayHeader.OFFSET_TYPE] = PacketType.HELLO;
        p[OverlayHeader.OFFSET_TYPE + 1] = 1;
        int n = cipher.seal(p, 2, SessionKeys.helloKey(shared, networkId, clientSession));
        send(p, n);
    }

    /** Handshake: HELLO, wait for HELLO_ACK, send the confirming KEEPALIVE, wait for its ACK. */
    void join() throws IOException {
        sendHello();
        int n = receive();
        if (n < 0 || OverlayCodec.isReject(buf, n)) {
            throw new IOException("no HELLO_ACK: " + (n < 0 ? "timeout" : OverlayCodec.rejectReason(buf)));
        }
        nodeSession = OverlayCodec.sessionId(buf);
        keys = SessionKeys.derive(shared, networkId, clientSession, nodeSession);
        int plain = cipher.open(buf, n, keys.nodeToClient);
        if (plain < 1 || buf[OverlayHeader.OFFSET_TYPE] != PacketType.HELLO_ACK) {
            throw new IOException("bad HELLO_ACK");
        }
        sendSealed(PacketType.KEEPALIVE, new byte[0]);
        byte t = receiveType();
        if (t != PacketType.KEEPALIVE_ACK) {
            throw new IOException("expected KEEPALIVE_ACK, got " + PacketType.name(t));
        }
    }

    void sendSealed(byte type, byte[] payload) throws IOException {
        byte[] p = new byte[OverlayHeader.MAX_PACKET_LEN];
        OverlayCodec.writeHeader(p, OverlayCodec.getLong(networkId, 0), OverlayCodec.getLong(networkId, 8), keyId,
                clientSession, ++counter);
        p[OverlayHeader.OFFSET_TYPE] = type;
        System.arraycopy(payload, 0, p, OverlayHeader.OFFSET_TYPE + 1, payload.length);
        int n = cipher.seal(p, 1 + payload.length, keys.clientToNode);
        send(p, n);
    }

    void send(byte[] p, int n) throws IOException {
        lastSent = Arrays.copyOf(p, n);
        ch.write(ByteBuffer.wrap(p, 0, n));
    }

    /** Blocking receive with the socket timeout; -1 on timeout. */
    int receive() throws IOException {
        java.net.DatagramPacket dp = new java.net.DatagramPacket(buf, buf.length);
        try {
            ch.socket().receive(dp);
        } catch (java.net.SocketTimeoutException e) {
            return -1;
        }
        return dp.getLength();
    }

    /** Receives one sealed packet and returns its type (payload at buf[41..]); 0 on timeout/reject. */
    byte receiveType() throws IOException {
        int n = receive();
        if (n < 0 || OverlayCodec.isReject(buf, n)) {
            return 0;
        }
        lastPlain = cipher.open(buf, n, keys.nodeToClient);
        if (lastPlain < 1) {
            return 0;
        }
        return buf[OverlayHeader.OFFSET_TYPE];
    }

    int lastPlain;

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
