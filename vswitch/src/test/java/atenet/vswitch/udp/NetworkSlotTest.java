package atenet.vswitch.udp;

import atenet.wire.frame.MacAddress;
import atenet.wire.port.Port;
import atenet.wire.port.PortKind;
import atenet.wire.port.PortLink;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Unit layer: the one way in for every port kind ({@link NetworkSlot#attach} → {@link PortLink}) — an ethereal
 * port that answers from inside {@code transmit}, a port on another thread offering through the bounded
 * ingress ring, and the bounds of both queues.
 */
class NetworkSlotTest {
    private static final long BROADCAST = MacAddress.BROADCAST;

    private static NetworkSlot slot(Runnable wakeup) {
        byte[] id = new byte[16];
        id[15] = 1;
        return new NetworkSlot(new NetworkInfo(id, 0, 1, "t", "10.0.0.0/24", 1400), SwitchOptions.DEFAULTS, wakeup);
    }

    private static byte[] frame(long dst, long src, int tag) {
        byte[] f = new byte[60];
        MacAddress.write(f, 0, dst);
        MacAddress.write(f, 6, src);
        f[12] = (byte) 0x88;
        f[13] = (byte) 0xb5;
        f[14] = (byte) tag;
        return f;
    }

    /** Records what it is sent; optionally answers every frame from inside transmit. */
    static final class TestPort implements Port {
        final PortKind kind;
        final long mac;
        final List<byte[]> got = new ArrayList<>();
        PortLink link;
        boolean answer;
        int depth;
        int maxDepth;

        TestPort(PortKind kind, long mac) {
            this.kind = kind;
            this.mac = mac;
        }

        @Override
        public int index() {
            return link == null ? -1 : link.index();
        }

        @Override
        public PortKind kind() {
            return kind;
        }

        @Override
        public void transmit(byte[] f, int off, int len) {
            depth++;
            maxDepth = Math.max(maxDepth, depth);
            got.add(java.util.Arrays.copyOfRange(f, off, off + len));
            if (answer) {
                long src = MacAddress.read(f, off + 6);
                assertTrue(link.receive(frame(src, mac, 0x7e), 0, 60), "a reply from inside transmit is queued");
            }
            depth--;
        }

        @Override
        public String describe() {
            return "test " + MacAddress.format(mac);
        }
    }

    @Test
    void anEtherealPortAnswersFromInsideTransmitWithoutReentry() {
        NetworkSlot n = slot(() -> { });
        TestPort client = new TestPort(PortKind.UDP_CLIENT, 0x020000000001L);
        TestPort gateway = new TestPort(PortKind.ETHEREAL, 0x020000000099L);
        gateway.answer = true;
        client.link = n.attach(client);
        gateway.link = n.attach(gateway);
        assertNotEquals(client.link.index(), gateway.link.index());
        assertTrue(client.link.receive(frame(BROADCAST, client.mac, 1), 0, 60));
        assertEquals(1, gateway.got.size(), "the gateway saw the broadcast");
        assertEquals(1, client.got.size(), "the client got the gateway's answer, switched after the broadcast");
        assertEquals(0x7e, client.got.get(0)[14]);
        assertEquals(1, gateway.maxDepth);
        assertEquals(1, client.maxDepth, "transmit was never re-entered");
    }

    @Test
    void aReplyStormIsBoundedAndCounted() {
        NetworkSlot n = slot(() -> { });
        TestPort a = new TestPort(PortKind.ETHEREAL, 0x020000000001L);
        TestPort b = new TestPort(PortKind.ETHEREAL, 0x020000000002L);
        a.answer = true;
        b.answer = true;                                  // two ports that answer each other forever
        a.link = n.attach(a);
        b.link = n.attach(b);
        TestPort c = new TestPort(PortKind.UDP_CLIENT, 0x020000000003L);
        c.link = n.attach(c);
        c.link.receive(frame(a.mac, c.mac, 1), 0, 60);   // unknown unicast: floods to a and b, which ping-pong
        assertTrue(a.got.size() < 10_000 && b.got.size() < 10_000, "the storm stops at the queue bound: " + a.got.size());
        assertEquals(1, a.maxDepth);
    }

    @Test
    void portsOnOtherThreadsOfferThroughTheBoundedRing() throws Exception {
        AtomicInteger wakeups = new AtomicInteger();
        NetworkSlot n = slot(wakeups::incrementAndGet);
        TestPort local = new TestPort(PortKind.UDP_CLIENT, 0x020000000001L);
        TestPort ws = new TestPort(PortKind.WS_CLIENT, 0x020000000002L);
        local.link = n.attach(local);
        ws.link = n.attach(ws);
        CountDownLatch done = new CountDownLatch(1);
        int[] accepted = new int[1];
        Thread producer = new Thread(() -> {
            for (int i = 0; i < 1000; i++) {
                if (ws.link.offer(frame(BROADCAST, ws.mac, i), 0, 60)) {
                    accepted[0]++;
                }
            }
            done.countDown();
        });
        producer.start();
        done.await();
        assertEquals(NetworkSlot.INGRESS_RING, accepted[0], "the ring takes its capacity and no more");
        assertTrue(wakeups.get() >= 1, "the data plane was woken");
        assertEquals(0, local.got.size(), "nothing is switched before the data plane drains");
        assertEquals(NetworkSlot.INGRESS_RING, n.drainIngress(1));
        assertEquals(NetworkSlot.INGRESS_RING, local.got.size());
        for (int i = 0; i < local.got.size(); i++) {
            assertEquals((byte) i, local.got.get(i)[14], "in order");
        }
        io.vertx.core.json.JsonObject c = n.toJson(1).getJsonObject("counters");
        assertEquals(1000 - NetworkSlot.INGRESS_RING, c.getLong("ingressDrops"));
    }

    @Test
    void aDetachedPortsQueuedFramesAreDiscarded() {
        NetworkSlot n = slot(() -> { });
        TestPort local = new TestPort(PortKind.UDP_CLIENT, 0x020000000001L);
        TestPort ws = new TestPort(PortKind.WS_CLIENT, 0x020000000002L);
        local.link = n.attach(local);
        ws.link = n.attach(ws);
        assertTrue(ws.link.offer(frame(BROADCAST, ws.mac, 1), 0, 60));
        ws.link.detach();
        ws.link.detach();                                 // idempotent
        assertFalse(ws.link.offer(frame(BROADCAST, ws.mac, 2), 0, 60));
        n.drainIngress(1);
        assertEquals(0, local.got.size());
        TestPort again = new TestPort(PortKind.UDP_CLIENT, 0x020000000003L);
        again.link = n.attach(again);
        assertEquals(ws.link.index(), again.link.index(), "the index is free again");
    }
}
