package atenet.sim;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Layer: simulation (no namespaces, no sleeps, one fake clock). A client's fast failover (issue 6, section 4):
 * <pre>
 *   a ── n1 ───── n2 ── b
 *          \     /
 *            n3
 * </pre>
 * While a client sends and its node stays silent, it probes and moves to another node of its list within 5 s; an
 * idle client sends nothing but its keepalives.
 */
class FailoverSimTest {
    private Sim sim;
    private SimNode n1;
    private SimClient a;
    private SimClient b;

    @BeforeEach
    void threeNodesTwoClients() {
        sim = new Sim();
        n1 = sim.addNode("n1");
        SimNode n2 = sim.addNode("n2");
        sim.addNode("n3");
        a = sim.addClient(n1);
        b = sim.addClient(n2);
        for (int i = 0; i < 600 && !(a.joined() && b.joined()); i++) {
            sim.tick();
        }
        assertTrue(a.joined() && b.joined(), "joined: " + a.warnings + b.warnings);
        assertFalse(a.nodeLists.isEmpty(), "a learnt the network's nodes");
        assertEquals(3, a.nodeLists.get(a.nodeLists.size() - 1).size(), "a knows all three nodes: " + a.nodeLists);
    }

    @Test
    void aSendingClientMovesToAnotherNodeWithinFiveSecondsOfItsNodesDeath() {
        byte[] hello = Sim.frame(b.mac, a.mac, 1);
        for (int i = 0; i < 30 && b.received.stream().noneMatch(r -> Arrays.equals(r, hello)); i++) {
            a.sendFrame(hello);                               // the mesh comes up; b learns a, a learns b
            b.sendFrame(Sim.frame(a.mac, b.mac, 1));
            sim.tick();
        }
        assertTrue(b.received.stream().anyMatch(r -> Arrays.equals(r, hello)), "a reaches b before the failure");

        n1.kill();
        int ticks = 0;
        int seq = 2;
        while (a.joins < 2 && ticks < 100) {
            a.sendFrame(Sim.frame(b.mac, a.mac, seq++));       // traffic goes on (a TCP stream would retransmit)
            sim.tick();
            ticks++;
        }
        assertEquals(2, a.joins, "a joined another node: " + a.warnings);
        assertTrue(ticks <= 50, "moved " + ticks * 100 + " ms after its node died (limit 5000)");
        assertTrue(a.warnings.stream().anyMatch(w -> w.contains("moving to the next node")), a.warnings.toString());

        byte[] after = Sim.frame(b.mac, a.mac, 999);
        for (int i = 0; i < 60 && b.received.stream().noneMatch(r -> Arrays.equals(r, after)); i++) {
            a.sendFrame(after);
            sim.tick();
        }
        assertTrue(b.received.stream().anyMatch(r -> Arrays.equals(r, after)), "frames flow again through the new node");
    }

    @Test
    void anIdleClientOfALiveNodeSendsNothingButItsKeepalives() {
        sim.ticks(5);
        sim.net.record(true);
        sim.ticks(300);                                      // 30 s, nobody sends a frame
        sim.net.record(false);
        long fromA = sim.net.seen().stream().filter(d -> d.from().equals(a.address)).count();
        assertTrue(fromA <= 3, "an idle client sent " + fromA + " datagrams in 30 s (keepalives every 15 s)");
        assertEquals(1, a.joins, "and stayed with its node");
    }
}
