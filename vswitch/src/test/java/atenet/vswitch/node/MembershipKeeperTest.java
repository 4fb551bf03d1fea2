package atenet.vswitch.node;

import atenet.vswitch.chain.Memberships;
import atenet.vswitch.udp.DataPlaneStatus;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Layer: unit, with a fake clock and a fake chain (no sleeps). A node serves a network while it has clients of it:
 * it joins with the first, and leaves after the idle time without any; a network it has no client of is never
 * joined. The same logic runs in FabricIT against real nodes and Raft.
 */
class MembershipKeeperTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    /** The chain as the keeper sees it: a network list, this node's memberships, and the entries it would write. */
    static final class FakeChain implements Memberships {
        final Set<String> members = new HashSet<>();
        final List<String> written = new ArrayList<>();

        @Override
        public List<String> networkNames() {
            return List.of("office", "lab");
        }

        @Override
        public Set<String> memberOf() {
            return Set.copyOf(members);
        }

        @Override
        public CompletableFuture<Void> serve(String name, boolean on) {
            written.add((on ? "join " : "leave ") + name);
            if (on) {
                members.add(name);
            } else {
                members.remove(name);
            }
            return CompletableFuture.completedFuture(null);
        }
    }

    static DataPlaneStatus clients(String... networks) {
        List<DataPlaneStatus.Client> sessions = new ArrayList<>();
        long key = 1;
        for (String n : networks) {
            sessions.add(new DataPlaneStatus.Client(key++, n, new InetSocketAddress(40000), 1, true, 0, 0, 0, 0, 0, 0));
        }
        return new DataPlaneStatus(sessions, List.of(), List.of(), null, Map.of(), 0, 0, Map.of(), 0);
    }

    @Test
    void joinsWithTheFirstClientAndLeavesAfterTheIdleTime() {
        FakeChain chain = new FakeChain();
        long t = 1_000 * SECOND;
        MembershipKeeper k = new MembershipKeeper(chain, 600 * SECOND, t);
        k.observe(clients(), t);
        assertEquals(List.of(), chain.written, "no client: nothing joined");

        k.observe(clients("office", "office"), t += SECOND);
        assertEquals(List.of("join office"), chain.written, "the first client of office makes the node join office only");
        k.observe(clients("office"), t += SECOND);
        assertEquals(1, chain.written.size(), "a member joins once");

        long lastClient = t;
        for (int s = 1; s < 600; s += 10) {
            k.observe(clients(), lastClient + s * SECOND);
        }
        assertEquals(1, chain.written.size(), "still a member before 10 minutes without a client");
        k.observe(clients(), lastClient + 600 * SECOND);
        assertEquals(List.of("join office", "leave office"), chain.written, "left after 10 minutes without a client");
        k.observe(clients(), lastClient + 700 * SECOND);
        assertEquals(2, chain.written.size(), "a node that left stays out while no client comes");

        k.observe(clients("office"), lastClient + 800 * SECOND);
        assertEquals("join office", chain.written.get(2), "a new client brings it back");
    }

    @Test
    void aClientComingBackInTimeKeepsTheMembership() {
        FakeChain chain = new FakeChain();
        long t = 0;
        MembershipKeeper k = new MembershipKeeper(chain, 600 * SECOND, t);
        k.observe(clients("lab"), t);
        k.observe(clients(), t + 590 * SECOND);
        k.observe(clients("lab"), t + 595 * SECOND);
        k.observe(clients(), t + 1000 * SECOND);
        assertEquals(List.of("join lab"), chain.written, "the idle time counts from the last client seen");
        k.observe(clients(), t + 1195 * SECOND);
        assertEquals(List.of("join lab", "leave lab"), chain.written);
    }

    @Test
    void aMemberWithoutClientsAtStartLeavesAfterTheIdleTime() {
        FakeChain chain = new FakeChain();
        chain.members.add("lab");                                // a member from before a restart
        MembershipKeeper k = new MembershipKeeper(chain, 600 * SECOND, 0);
        k.observe(clients(), 599 * SECOND);
        assertEquals(List.of(), chain.written);
        k.observe(clients(), 600 * SECOND);
        assertEquals(List.of("leave lab"), chain.written);
    }

    @Test
    void theIdleTimeComesFromTheEnvironmentWithinBounds() {
        assertEquals(600 * SECOND, MembershipKeeper.leaveAfterNanos(Map.of()));
        assertEquals(3 * SECOND, MembershipKeeper.leaveAfterNanos(Map.of(MembershipKeeper.LEAVE_AFTER_ENV, "3")));
        assertEquals(600 * SECOND, MembershipKeeper.leaveAfterNanos(Map.of(MembershipKeeper.LEAVE_AFTER_ENV, "0")));
        assertEquals(600 * SECOND, MembershipKeeper.leaveAfterNanos(Map.of(MembershipKeeper.LEAVE_AFTER_ENV, "x")));
    }
}
