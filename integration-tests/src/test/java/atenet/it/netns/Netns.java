package atenet.it.netns;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A network namespace this run created ({@code ip netns add}). {@link #close()} kills every process
 * still inside it (all of them were started by the test: the namespace is new) and deletes it, which
 * also removes the interfaces inside it.
 */
public final class Netns implements AutoCloseable {
    private final String name;
    private boolean closed;

    private Netns(String name) {
        this.name = name;
    }

    /** Creates {@code <run prefix><suffix>} with {@code lo} up. */
    public static Netns create(String suffix) {
        Netns ns = new Netns(Names.RUN_PREFIX + suffix);
        Sh.ok("ip", "netns", "add", ns.name);
        Cleanup.register(ns);
        ns.ok("ip", "link", "set", "lo", "up");
        return ns;
    }

    public String name() {
        return name;
    }

    /** The argv prefix that runs a command inside this namespace. */
    public List<String> wrap(String... argv) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", name));
        cmd.addAll(List.of(argv));
        return cmd;
    }

    /** Runs {@code argv} here to completion (killed after {@code timeout}); returns the finished Proc. */
    public Proc exec(Duration timeout, String... argv) {
        return Proc.run(name.substring(Names.RUN_PREFIX.length()) + "-" + argv[0].replaceAll(".*/", ""), timeout, wrap(argv));
    }

    /** Runs {@code argv} here and fails unless it exits 0 within 30 s; returns stdout. */
    public String ok(String... argv) {
        Proc p = exec(Duration.ofSeconds(30), argv);
        int code = p.exitCode(Duration.ofSeconds(1));
        if (code != 0) {
            throw new AssertionError("in " + name + ": " + String.join(" ", argv) + " exited " + code + ":\n" + p.output());
        }
        return p.stdout();
    }

    /** Starts a long-running {@code argv} here. */
    public Proc start(String label, String... argv) {
        return Proc.start(label, wrap(argv));
    }

    public void sysctl(String key, String value) {
        ok("sysctl", "-q", "-w", key + "=" + value);
    }

    /** Reads a small file (e.g. under /sys/class/net) as this namespace sees it. */
    public String read(String path) {
        return ok("cat", path).trim();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            for (String sig : new String[] {"TERM", "KILL"}) {
                List<String> pids = pids();
                if (pids.isEmpty()) {
                    break;
                }
                List<String> kill = new ArrayList<>(List.of("kill", "-" + sig));
                kill.addAll(pids);
                Sh.run(Duration.ofSeconds(5), kill.toArray(String[]::new));
                for (int i = 0; i < 50 && !pids().isEmpty(); i++) {
                    Thread.sleep(100);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            Sh.run(Duration.ofSeconds(10), "ip", "netns", "del", name);
            Cleanup.unregister(this);
        }
    }

    private List<String> pids() {
        String s = Sh.run(Duration.ofSeconds(5), "ip", "netns", "pids", name).stdout().trim();
        return s.isEmpty() ? List.of() : List.of(s.split("\\s+"));
    }

    @Override
    public String toString() {
        return "netns " + name;
    }
}
