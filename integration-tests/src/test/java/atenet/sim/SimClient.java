package atenet.sim;

import atenet.tapclient.ClientEngine;
import atenet.tapclient.Drops;
import atenet.tapclient.Transport;
import atenet.wire.crypto.PacketCipher;
import atenet.wire.crypto.X25519Keys;
import atenet.tapclient.AddressPlan;
import atenet.wire.net.HostPort;
import atenet.wire.overlay.OverlayHeader;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One tap-client of a simulation: the real {@link ClientEngine} with a {@link Transport} on the {@link SimNet};
 * frames it would write to its TAP are collected in {@link #received}.
 */
public final class SimClient implements Transport, ClientEngine.Listener {
    final InetSocketAddress address;
    final byte[] accessPrivate;
    final long mac;  // the source MAC the client derives from its key (AddressPlan)
    private final SimNet net;
    private final ArrayDeque<SimNet.Datagram> inbox;
    private final ClientEngine engine;
    private final PacketCipher sealer = new PacketCipher();
    private final PacketCipher opener = new PacketCipher();
    private final byte[] pkt = new byte[OverlayHeader.MAX_PACKET_LEN + 64];
    private InetSocketAddress node;
    final List<byte[]> received = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();
    final List<List<String>> nodeLists = new ArrayList<>();
    int joins;
    Integer exitCode;
    String exitLine;

    SimClient(SimNet net, SimClock clock, InetSocketAddress address, ClientEngine.Credentials creds, List<HostPort> targets) {
        this.net = net;
        this.address = address;
        this.accessPrivate = creds.accessPrivateKey();
        this.mac = atenet.wire.frame.MacAddress.read(AddressPlan.mac(X25519Keys.publicOf(accessPrivate)), 0);
        this.inbox = net.register(address);
        this.engine = new ClientEngine(creds, targets, this, clock::nanos, clock::millis, new SecureRandom(), this, new Drops());
    }

    public ClientEngine engine() {
        return engine;
    }

    public boolean joined() {
        return engine.isJoined();
    }

    /** Seals {@code frame} and sends it, as the TAP reader would. */
    public boolean sendFrame(byte[] frame) {
        System.arraycopy(frame, 0, pkt, ClientEngine.PAYLOAD_OFFSET, frame.length);
        int n = engine.sealFrame(sealer, pkt, frame.length);
        if (n < 0) {
            return false;
        }
        net.send(address, node, pkt, 0, n);
        return true;
    }

    int pump() {
        int n = 0;
        SimNet.Datagram d;
        while ((d = inbox.poll()) != null) {
            System.arraycopy(d.data(), 0, pkt, 0, d.data().length);
            int frame = engine.onDatagram(opener, pkt, d.data().length);
            if (frame > 0) {
                received.add(Arrays.copyOfRange(pkt, ClientEngine.PAYLOAD_OFFSET, ClientEngine.PAYLOAD_OFFSET + frame));
            }
            n++;
        }
        return n;
    }

    // ---- Transport

    @Override
    public void connect(InetSocketAddress node) {
        this.node = node;
    }

    @Override
    public boolean send(ByteBuffer b) {
        net.send(address, node, b.array(), b.position(), b.remaining());
        return true;
    }

    // ---- Listener

    @Override
    public void joined(ClientEngine.Joined j) {
        joins++;
    }

    @Override
    public void nodes(List<String> described) {
        nodeLists.add(described);
    }

    @Override
    public void warn(String line) {
        warnings.add(line);
    }

    @Override
    public void finished(int exitCode, String line) {
        this.exitCode = exitCode;
        this.exitLine = line;
    }
}
