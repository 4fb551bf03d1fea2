package atenet.vswitch.udp;

import atenet.wire.handshake.HandshakeLayout;
import atenet.wire.handshake.HandshakeMacs;
import atenet.wire.identity.CertExchange;
import atenet.wire.overlay.MessageKind;
import atenet.wire.overlay.OverlayCodec;
import atenet.wire.overlay.OverlayHeader;
import atenet.wire.overlay.PacketType;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.AfterAll;

import java.io.IOException;
import java.util.Arrays;

/**
 * Layer: fuzz (docs/testing.md "Fuzzing") over one real data plane on loopback UDP ({@link TestNode}). Client
 * A (joined; B is joined too, so frames have somewhere to go) sends one datagram per input, from the input's
 * bytes as they are, except that the harness helps the fuzzer past the checks it cannot forge:
 * <ul>
 *   <li>first byte 0x00: a correctly sealed packet of A's session, type = second byte (any but BYE), payload =
 *       the rest (frames into the switch, types the node does not take, NODES, ...);</li>
 *   <li>an INIT of exactly {@value HandshakeLayout#INIT_LEN} bytes gets a valid mac1 (so the Noise read,
 *       the handshake budgets and the cookie path see it);</li>
 *   <li>a CERT_REQUEST of {@value CertExchange#REQUEST_LEN} bytes whose chain id is all zero gets the node's
 *       chain id (the CERT answer path);</li>
 *   <li>a TRANSPORT whose receiver index is 0 gets A's session index (replay window and AEAD checks of a
 *       live session, with any counter and any sealed part);</li>
 *   <li>anything else goes raw (every kind 0x51..0x57, foreign kinds, every length).</li>
 * </ul>
 * Then A sends a KEEPALIVE and waits for its ACK: datagrams from one socket are handled in order, so the ACK
 * proves that the data-plane thread handled the fuzzed datagram, is still alive (an exception on that thread
 * would end it) and that A's session survived it.
 */
class DataPlaneFuzzTest {
    private static Fixture fixture;

    /** One node and two joined clients for the whole run (fuzzing runs many inputs). */
    private static final class Fixture implements AutoCloseable {
        final TestNode node;
        final TestClient a;
        final TestClient b;
        final byte[] mac1Key;

        Fixture() throws Exception {
            node = new TestNode();
            a = node.client();
            b = node.client();
            node.admit(a, b);
            a.join();
            b.join();
            mac1Key = HandshakeMacs.mac1Key(node.nodePub);
        }

        @Override
        public void close() throws IOException {
            a.close();
            b.close();
            node.close();
        }
    }

    @FuzzTest(maxDuration = "60s")
    void datagram(byte[] input) throws Exception {
        if (fixture == null) {
            fixture = new Fixture();
        }
        TestClient a = fixture.a;
        if (input.length == 0) {
            return;
        }
        byte kind = input[0];
        int acks = 1;
        if (kind == 0 && input.length >= 2) {
            byte type = input[1];
            byte[] payload = Arrays.copyOfRange(input, 2, input.length);
            if (type != PacketType.BYE && payload.length <= OverlayHeader.MAX_PAYLOAD_LEN) {
                a.sendSealed(type, payload);
                if (type == PacketType.KEEPALIVE) {
                    acks++;                                    // any KEEPALIVE is answered: wait for both ACKs
                }
            }
        } else {
            byte[] p = input.clone();
            if (kind == MessageKind.INIT && p.length == HandshakeLayout.INIT_LEN) {
                HandshakeMacs.writeMac(fixture.mac1Key, p, HandshakeLayout.INIT_OFFSET_MAC1);
            } else if (kind == MessageKind.CERT_REQUEST && p.length == CertExchange.REQUEST_LEN
                    && allZero(p, CertExchange.OFFSET_CHAIN_ID, 32)) {
                System.arraycopy(fixture.node.chainId, 0, p, CertExchange.OFFSET_CHAIN_ID, 32);
            } else if (kind == MessageKind.TRANSPORT && p.length >= 5
                    && OverlayCodec.getInt(p, OverlayHeader.OFFSET_RECEIVER) == 0) {
                OverlayCodec.putInt(p, OverlayHeader.OFFSET_RECEIVER, a.remoteIndex);
            }
            a.send(p, p.length);
        }
        for (int i = 0; i < acks; i++) {
            awaitAlive(a, i == 0);
        }
    }

    private static boolean allZero(byte[] p, int off, int len) {
        for (int i = off; i < off + len; i++) {
            if (p[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * KEEPALIVE → KEEPALIVE_ACK, skipping whatever else A receives first (COOKIEs, CERTs, hints, flooded frames).
     * Every ACK is waited for, so none is left over to answer the next input's KEEPALIVE.
     */
    private static void awaitAlive(TestClient a, boolean send) throws IOException {
        if (send) {
            a.keepalive();
        }
        while (true) {
            int n = a.receive();
            if (n < 0) {
                throw new AssertionError("the data plane stopped answering after the fuzzed datagram");
            }
            byte t = a.open(n);
            if (t == PacketType.KEEPALIVE_ACK) {
                return;
            }
            if (t == PacketType.BYE) {
                throw new AssertionError("the node ended A's session after the fuzzed datagram: reason "
                        + a.payload()[0]);
            }
        }
    }

    @AfterAll
    static void stop() throws IOException {
        if (fixture != null) {
            fixture.close();
            fixture = null;
        }
    }
}
