package atenet.it.topo;

import atenet.it.netns.Proc;
import java.time.Duration;

/**
 * A tap-client in one client namespace:
 * {@code bin/tap-client --token T --dev atn0 --address 10.250.0.1X/24 --server 198.18.X.1:4789}.
 */
public final class TapClientFixture implements AutoCloseable {
    public static final String DEV = "atn0";
    public static final Duration JOIN_TIMEOUT = Duration.ofSeconds(30);

    private final OverlayTopology.Site site;
    private final Proc proc;

    private TapClientFixture(OverlayTopology.Site site, Proc proc) {
        this.site = site;
        this.proc = proc;
    }

    /** Starts the client and waits for "tap-client: joined network". */
    public static TapClientFixture start(OverlayTopology.Site site, String token, String... env) {
        TapClientFixture c = new TapClientFixture(site, launch(site, token, env));
        try {
            c.proc.awaitLine("tap-client: joined network", JOIN_TIMEOUT);
        } catch (RuntimeException | Error e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** Starts the client without waiting (for refusals: see {@link Proc#exitCode}). */
    public static Proc launch(OverlayTopology.Site site, String token, String... env) {
        java.util.List<String> argv = new java.util.ArrayList<>();
        if (env.length > 0) {
            argv.add("env");
            argv.addAll(java.util.List.of(env));
        }
        argv.addAll(java.util.List.of(Repo.bin("tap-client"), "--token", token,
                "--dev", DEV, "--address", site.overlayCidr(), "--server", site.server()));
        return site.ns().start("tap-client-" + site.letter(), argv.toArray(String[]::new));
    }

    public Proc proc() {
        return proc;
    }

    public OverlayTopology.Site site() {
        return site;
    }

    /** Turns IPv6 off on the TAP (no router/neighbour solicitations adding noise to counters). */
    public void disableIpv6() {
        site.ns().sysctl("net.ipv6.conf." + DEV + ".disable_ipv6", "1");
    }

    /** /sys/class/net/atn0/statistics/NAME in the client namespace. */
    public long tapStat(String name) {
        return Long.parseLong(site.ns().read("/sys/class/net/" + DEV + "/statistics/" + name));
    }

    /** {@code ping -c N -W 2 [extra] DEST} in this client's namespace; returns the finished Proc. */
    public Proc ping(String dest, int count, String... extra) {
        String[] argv = new String[5 + extra.length + 1];
        argv[0] = "ping";
        argv[1] = "-c";
        argv[2] = Integer.toString(count);
        argv[3] = "-W";
        argv[4] = "2";
        System.arraycopy(extra, 0, argv, 5, extra.length);
        argv[argv.length - 1] = dest;
        return site.ns().exec(Duration.ofSeconds(30 + count), argv);
    }

    @Override
    public void close() {
        proc.close();
    }
}
