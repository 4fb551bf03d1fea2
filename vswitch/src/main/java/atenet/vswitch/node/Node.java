package atenet.vswitch.node;

import atenet.redolog.chain.ChainVerificationException;
import atenet.vswitch.chain.ChainService;
import atenet.vswitch.chain.NodeSetupException;
import atenet.vswitch.chain.StartupReport;
import atenet.vswitch.udp.SwitchOptions;
import atenet.vswitch.udp.UdpDataPlane;
import atenet.wire.net.HostPort;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;

/**
 * One switch node: starts its parts in order and stops them in reverse, on every path.
 * <pre>
 *  start():  chain (open, verify, enrol)  →  UDP data plane (bind, first admission, thread)
 *            →  Vert.x + admin HTTP (bind)  →  chain.join (memberships: only once both sockets are ours)
 *            →  chain.follow (every change → data plane)
 *  close():  admin HTTP + Vert.x  →  data plane (BYE to every client)  →  chain
 *  a failure anywhere in start() closes what had started, in reverse, and says what failed
 * </pre>
 * {@code VSwitchMain} only parses options, prints and waits; everything that owns a thread or a socket
 * is started and stopped here.
 */
public final class Node implements AutoCloseable {
    /** A start that failed; the message is one line for the user. */
    public static final class StartException extends Exception {
        StartException(String message) {
            super(message);
        }
    }

    private final NodeOptions options;
    private final InetSocketAddress advertised;
    private final Deque<AutoCloseable> running = new ArrayDeque<>();
    private ChainService chain;
    private UdpDataPlane dataPlane;
    private NodeVerticle verticle;
    private boolean closed;

    public Node(NodeOptions options, InetSocketAddress advertised) {
        this.options = options;
        this.advertised = advertised;
    }

    public InetSocketAddress advertised() {
        return advertised;
    }

    public String adminUrl() {
        return verticle == null ? null : verticle.adminUrl();
    }

    /** Starts every part; on failure everything already started is closed again before this throws. */
    public synchronized StartupReport start() throws StartException {
        try {
            chain = new ChainService(options.dataDir(), advertised, options.name(), options.raft());
            running.push(chain);
            chain.open();
            try {
                dataPlane = new UdpDataPlane(options.listen(), chain.nodeIdentity(), SwitchOptions.DEFAULTS);
            } catch (BindException e) {
                throw new StartException("cannot bind udp " + HostPort.format(options.listen()) + ": " + e.getMessage());
            }
            running.push(dataPlane);
            dataPlane.apply(chain.admission());
            dataPlane.start();
            warmUp();

            Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(2));
            running.push(() -> vertx.close().await(3, TimeUnit.SECONDS));
            JsonObject nodeInfo = new JsonObject()
                    .put("id", java.util.HexFormat.of().toHexDigits(chain.nodeKeys().nodeId()))
                    .put("name", options.name())
                    .put("listen", HostPort.format(options.listen()))
                    .put("advertised", HostPort.format(advertised));
            verticle = new NodeVerticle(options, chain, dataPlane, nodeInfo);
            try {
                vertx.deployVerticle(verticle).await(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new StartException("cannot serve admin http on " + HostPort.format(options.admin()) + ": " + e.getMessage());
            }
            // Both sockets are ours: only now does the chain learn where this node listens.
            StartupReport report = chain.join();
            dataPlane.apply(chain.admission());
            chain.follow(dataPlane::apply);
            return report;
        } catch (StartException e) {
            close();
            throw e;
        } catch (ChainVerificationException e) {
            close();
            throw new StartException("refusing to start: the chain in " + options.dataDir() + " does not verify: " + e.getMessage());
        } catch (NodeSetupException | IllegalArgumentException | IllegalStateException | IOException e) {
            close();
            throw new StartException(e.getMessage());
        } catch (RuntimeException e) {
            close();
            throw new StartException("cannot start: " + e);
        }
    }

    /**
     * JIT warm-up on a background thread, so that the first clients' first packets do not run interpreted
     * (docs/benchmark.md, "Latency"): the cipher and the switch alone, then the whole path through a throwaway data
     * plane. The first two look covered by the third, but removing them made the first 50 pings 0.18 ms slower on
     * average over six paired runs (0.96 → 1.14 ms), so they stay. None of it shares a socket, key or state with
     * the real parts.
     */
    private static void warmUp() {
        Thread t = new Thread(() -> {
            atenet.wire.crypto.CipherWarmup.run(WARMUP_ROUNDS);
            atenet.vswitch.forward.SwitchWarmup.run(WARMUP_ROUNDS);
            atenet.vswitch.udp.DataPlaneWarmup.run(WARMUP_FRAMES);
        }, "atenet-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    static final int WARMUP_ROUNDS = 20_000;
    static final int WARMUP_FRAMES = 20_000;

    /** Stops every started part, newest first. Idempotent; never throws. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        while (!running.isEmpty()) {
            try {
                running.pop().close();
            } catch (Exception e) {
                // stopping anyway: the rest must still close
            }
        }
    }
}
