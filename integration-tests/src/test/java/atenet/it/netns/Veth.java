package atenet.it.netns;

import java.time.Duration;

/**
 * A veth pair with an IPv4 address on each end, both ends up. An end in a {@link Netns} disappears
 * with the namespace; an end in the root namespace (ns == null) is deleted by {@link #close()}.
 */
public final class Veth implements AutoCloseable {
    private final Netns nsA;
    private final String ifA;
    private final Netns nsB;
    private final String ifB;
    private boolean closed;

    private Veth(Netns nsA, String ifA, Netns nsB, String ifB) {
        this.nsA = nsA;
        this.ifA = ifA;
        this.nsB = nsB;
        this.ifB = ifB;
    }

    /**
     * Creates {@code ifA} in {@code nsA} (null = root ns) with {@code cidrA}, and its peer {@code ifB}
     * in {@code nsB} with {@code cidrB} (a null cidr: no address, e.g. a bridge port). Root-namespace names must
     * carry the run prefix.
     */
    public static Veth create(Netns nsA, String ifA, String cidrA, Netns nsB, String ifB, String cidrB) {
        if (nsA == null && !ifA.startsWith(Names.RUN_PREFIX) || nsB == null && !ifB.startsWith(Names.RUN_PREFIX)) {
            throw new IllegalArgumentException("root-namespace interfaces must start with " + Names.RUN_PREFIX);
        }
        // Create both ends in the root namespace under unique temporary names, then move them:
        // only names with our prefix ever exist in the root namespace.
        int n = Names.next();
        String tmpA = nsA == null ? ifA : Names.RUN_PREFIX + "t" + n + "a";
        String tmpB = nsB == null ? ifB : Names.RUN_PREFIX + "t" + n + "b";
        Sh.ok("ip", "link", "add", tmpA, "type", "veth", "peer", "name", tmpB);
        Veth v = new Veth(nsA, ifA, nsB, ifB);
        Cleanup.register(v);
        try {
            setUp(nsA, tmpA, ifA, cidrA);
            setUp(nsB, tmpB, ifB, cidrB);
        } catch (RuntimeException | Error e) {
            Sh.run(Duration.ofSeconds(5), "ip", "link", "del", tmpA);
            Sh.run(Duration.ofSeconds(5), "ip", "link", "del", tmpB);
            throw e;
        }
        return v;
    }

    private static void setUp(Netns ns, String tmp, String name, String cidr) {
        if (ns == null) {
            if (cidr != null) {
                Sh.ok("ip", "addr", "add", cidr, "dev", name);
            }
            Sh.ok("ip", "link", "set", name, "up");
        } else {
            Sh.ok("ip", "link", "set", tmp, "netns", ns.name());
            ns.ok("ip", "link", "set", tmp, "name", name);
            if (cidr != null) {
                ns.ok("ip", "addr", "add", cidr, "dev", name);
            }
            ns.ok("ip", "link", "set", name, "up");
        }
    }

    public String ifA() {
        return ifA;
    }

    public String ifB() {
        return ifB;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Deleting either end deletes the pair; ends inside namespaces go with the namespace anyway.
        if (nsA == null) {
            Sh.run(Duration.ofSeconds(5), "ip", "link", "del", ifA);
        } else if (nsB == null) {
            Sh.run(Duration.ofSeconds(5), "ip", "link", "del", ifB);
        }
        Cleanup.unregister(this);
    }

    @Override
    public String toString() {
        return "veth " + (nsA == null ? "root" : nsA.name()) + ":" + ifA + " <-> " + (nsB == null ? "root" : nsB.name()) + ":" + ifB;
    }
}
