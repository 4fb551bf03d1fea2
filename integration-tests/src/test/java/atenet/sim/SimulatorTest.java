package atenet.sim;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Simulator layer: the real data plane and the real client engine, many of them, one JVM, one fake clock, no
 * sleeps (see {@link Sim}). Logic only; the kernel's part is proven by the netns integration tests.
 */
class SimulatorTest {
    private static final long BROADCAST = 0xffff_ffff_ffffL;

    private static void joinAll(Sim sim) {
        for (int i = 0; i < 50 && !sim.clients.stream().allMatch(SimClient::joined); i++) {
            sim.tick();
        }
        for (SimClient c : sim.clients) {
            assertTrue(c.joined(), "a client did not join: " + c.warnings);
        }
    }

    @Test
    void manyClientsJoinFloodAndLearn() {
        Sim sim = new Sim();
        SimNode node = sim.addNode("n1");
        for (int i = 0; i < 24; i++) {
            sim.addClient(node);
        }
        joinAll(sim);
        for (SimClient c : sim.clients) {
            assertEquals(1, c.joins);
            assertEquals(List.of(List.of("node1@" + atenet.wire.net.HostPort.format(node.address()))), c.nodeLists,
                    "each client learns the network's node list once");
        }
        // Every client floods one broadcast: every other client receives it, the sender does not.
        for (int i = 0; i < sim.clients.size(); i++) {
            assertTrue(sim.clients.get(i).sendFrame(Sim.frame(BROADCAST, sim.clients.get(i).mac, i)));
        }
        sim.settle();
        for (SimClient c : sim.clients) {
            assertEquals(sim.clients.size() - 1, c.received.size());
            c.received.clear();
        }
        // The switch learnt every MAC: a unicast crosses to exactly one client.
        SimClient a = sim.clients.get(0);
        SimClient b = sim.clients.get(17);
        a.sendFrame(Sim.frame(b.mac, a.mac, 99));
        sim.settle();
        for (SimClient c : sim.clients) {
            assertEquals(c == b ? 1 : 0, c.received.size());
        }
        JsonObject net = node.status().getJsonArray("networks").getJsonObject(0);
        assertEquals(24, net.getJsonArray("macs").size());
    }

    @Test
    void rekeyEvery120SecondsLosesNoFrame() {
        Sim sim = new Sim();
        SimNode node = sim.addNode("n1");
        SimClient a = sim.addClient(node);
        SimClient b = sim.addClient(node);
        joinAll(sim);
        int sent = 0;
        for (int t = 0; t < 2600; t++) {                  // 260 s of frames both ways, 10 per second each
            a.sendFrame(Sim.frame(b.mac, a.mac, t));
            b.sendFrame(Sim.frame(a.mac, b.mac, t));
            sent++;
            sim.tick();
        }
        assertEquals(sent, b.received.size(), "frames A -> B lost across rekeys");
        assertEquals(sent, a.received.size(), "frames B -> A lost across rekeys");
        JsonObject status = node.status();
        for (Object o : status.getJsonArray("sessions")) {
            assertTrue(((JsonObject) o).getLong("rekeys") >= 2, "two rekeys in 260 s: " + o);
            assertTrue(((JsonObject) o).getDouble("keyAgeSeconds") < 121, "keys are never older than a rekey period: " + o);
        }
        assertEquals(1, a.joins, "a rekey is not a rejoin");
        assertEquals(0, node.drops("badAuth"));
        assertEquals(0, node.drops("unknownSession"));
    }

    @Test
    void revocationEndsTheClientWithAnAuthenticatedReason() {
        Sim sim = new Sim();
        SimNode node = sim.addNode("n1");
        SimClient a = sim.addClient(node);
        SimClient b = sim.addClient(node);
        joinAll(sim);
        sim.revoke(a);
        sim.settle();
        assertEquals(3, a.exitCode, "a revoked client ends with exit 3");
        assertTrue(a.exitLine.contains("revoked"), a.exitLine);
        assertNull(b.exitCode);
        assertEquals(1, node.status().getJsonArray("sessions").size());
    }

    @Test
    void replayedHandshakeChangesNothing() {
        Sim sim = new Sim();
        SimNode node = sim.addNode("n1");
        sim.net.record(true);
        SimClient a = sim.addClient(node);
        SimClient b = sim.addClient(node);
        joinAll(sim);
        sim.net.record(false);
        List<SimNet.Datagram> inits = sim.net.seen().stream()
                .filter(d -> d.data()[0] == atenet.wire.overlay.MessageKind.INIT).toList();
        assertFalse(inits.isEmpty());
        for (SimNet.Datagram d : inits) {
            sim.net.inject(d);
        }
        sim.settle();
        assertEquals(inits.size(), node.drops("replayedHandshake"));
        a.sendFrame(Sim.frame(b.mac, a.mac, 1));
        sim.settle();
        assertEquals(1, b.received.size(), "the live session is untouched by the replays");
        assertEquals(2, node.status().getJsonArray("sessions").size());
    }

    @Test
    void aRestartedNodeIsRejoinedAtOnceNotAfterTheDeadTimer() {
        Sim sim = new Sim();
        SimNode node = sim.addNode("n1");
        SimClient a = sim.addClient(node);
        SimClient b = sim.addClient(node);
        joinAll(sim);
        node.crashAndRestart();
        sim.publish();
        a.sendFrame(Sim.frame(b.mac, a.mac, 1));        // the new process has no session: it hints so
        sim.settle();
        sim.ticks(3);
        assertEquals(2, a.joins, "A joined again after the hint: " + a.warnings);
        assertTrue(a.warnings.stream().anyMatch(w -> w.contains("no longer knows our session")), a.warnings.toString());
        b.sendFrame(Sim.frame(a.mac, b.mac, 2));        // B learns the same way on its next frame
        sim.settle();
        sim.ticks(3);
        a.sendFrame(Sim.frame(b.mac, a.mac, 3));
        sim.settle();
        assertTrue(b.received.stream().anyMatch(f -> f[17] == 3), "frames flow after the restart");
    }
}
