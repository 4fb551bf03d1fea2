package atenet.vswitch.node;

import atenet.vswitch.chain.Memberships;
import atenet.vswitch.udp.DataPlaneStatus;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A node serves a network while it has clients of it (the design's words): when the first client of a network
 * arrives here, the node joins the network's membership (NODE_JOINED, its own entry, through Raft), and its peers
 * link with it for that network; after {@link #leaveAfterNanos} with no client of it here, the node leaves
 * (NODE_LEFT), and its peers stop sending it that network's floods. Fed the data plane's snapshot once a second on
 * the node's Vert.x context; owns its own table.
 */
final class MembershipKeeper {
    static final String LEAVE_AFTER_ENV = "ATENET_LEAVE_AFTER_SECONDS";
    static final long DEFAULT_LEAVE_AFTER_SECONDS = 600;

    private final Memberships chain;
    private final long leaveAfterNanos;
    private final long startedNanos;
    /** Network name → when a client of it was last seen here. */
    private final Map<String, Long> lastClient = new HashMap<>();

    MembershipKeeper(Memberships chain, long leaveAfterNanos, long nowNanos) {
        this.chain = chain;
        this.leaveAfterNanos = leaveAfterNanos;
        this.startedNanos = nowNanos;
    }

    /** 10 minutes, or {@code ATENET_LEAVE_AFTER_SECONDS} (1..600) for tests. */
    static long leaveAfterNanos(Map<String, String> env) {
        long s = DEFAULT_LEAVE_AFTER_SECONDS;
        try {
            String v = env.get(LEAVE_AFTER_ENV);
            if (v != null) {
                long x = Long.parseLong(v.trim());
                if (x >= 1 && x <= DEFAULT_LEAVE_AFTER_SECONDS) {
                    s = x;
                }
            }
        } catch (NumberFormatException ignored) {
            // the default
        }
        return TimeUnit.SECONDS.toNanos(s);
    }

    void observe(DataPlaneStatus status, long now) {
        Map<String, Integer> clients = new HashMap<>();
        for (DataPlaneStatus.Client c : status.sessions()) {
            clients.merge(c.network(), 1, Integer::sum);
        }
        for (String net : chain.networkNames()) {
            boolean member = chain.memberOf().contains(net);
            if (clients.getOrDefault(net, 0) > 0) {
                lastClient.put(net, now);
                if (!member) {
                    chain.serve(net, true);
                }
            } else if (member && now - lastClient.getOrDefault(net, startedNanos) >= leaveAfterNanos) {
                chain.serve(net, false);
                lastClient.remove(net);
            }
        }
    }
}
