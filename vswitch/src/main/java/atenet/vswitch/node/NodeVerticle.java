package atenet.vswitch.node;

import atenet.vswitch.admin.AdminAuth;
import atenet.vswitch.admin.HealthCheck;
import atenet.vswitch.admin.NodeMetrics;
import atenet.vswitch.admin.StatusCache;
import atenet.vswitch.chain.ChainService;
import atenet.vswitch.udp.UdpDataPlane;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * The node's lifecycle and admin HTTP wiring. The work happens elsewhere: the data plane on its
 * own thread ({@link UdpDataPlane}), the chain on its own ({@link ChainService}).
 *
 * <pre>
 * GET /status    JSON: node, chain, sessions, networks (ports, MAC table, counters), drops
 * GET /metrics   Prometheus text
 * GET /healthz   "ok", or 503 and why: the data-plane loop stopped turning (3 s), or the node refuses sessions
 * </pre>
 * /status and /metrics serve the {@link StatusCache} snapshot, refreshed once a second by a timer: HTTP requests
 * never reach the data-plane thread. With an admin token ({@code --admin-token-file}) every request needs
 * {@code Authorization: Bearer <token>} ({@link AdminAuth}). The admin server listens on localhost by default; its
 * URL is written to DATA/admin.url for `tok status`.
 */
public final class NodeVerticle extends VerticleBase {
    public static final String ADMIN_URL_FILE = "admin.url";

    private final NodeOptions options;
    private final ChainService chain;
    private final UdpDataPlane dataPlane;
    private final NodeMetrics metrics = new NodeMetrics();
    private final JsonObject nodeInfo;
    private StatusCache statusCache;
    private HealthCheck health;
    private HttpServer server;

    public NodeVerticle(NodeOptions options, ChainService chain, UdpDataPlane dataPlane, JsonObject nodeInfo) {
        this.options = options;
        this.chain = chain;
        this.dataPlane = dataPlane;
        this.nodeInfo = nodeInfo;
    }

    @Override
    public Future<?> start() {
        statusCache = new StatusCache(dataPlane::status);
        health = new HealthCheck(dataPlane::loopIterations, System::nanoTime);
        vertx.setPeriodic(StatusCache.REFRESH_MILLIS, id -> {
            statusCache.refresh();
            health.observe();
        });
        Router router = Router.router(vertx);
        if (options.adminToken() != null) {
            router.route().handler(new AdminAuth(options.adminToken()));
        }
        router.get("/status").handler(this::status);
        router.get("/metrics").handler(this::metrics);
        router.get("/healthz").handler(this::healthz);
        return Future.fromCompletionStage(statusCache.refresh(), context)   // the first snapshot before we answer
                .compose(v -> vertx.createHttpServer()
                        .requestHandler(router)
                        .listen(options.admin().getPort(), options.admin().getHostString()))
                .compose(s -> {
                    server = s;
                    return vertx.executeBlocking(() -> {
                        Path file = options.dataDir().resolve(ADMIN_URL_FILE);
                        Files.writeString(file, adminUrl() + "\n");
                        return null;
                    });
                });
    }

    public String adminUrl() {
        int port = server == null ? options.admin().getPort() : server.actualPort();
        return "http://" + options.admin().getHostString() + ":" + port;
    }

    /** The cached status with node and chain added; null when the data plane did not answer the last refresh. */
    private JsonObject statusJson() {
        JsonObject s = statusCache.snapshot();
        return s == null ? null : s.put("node", nodeInfo.copy())
                .put("chain", new JsonObject()
                        .put("id", chain.chainIdHex())
                        .put("entries", chain.entries())
                        .put("followError", chain.pollError())
                        .put("refusal", chain.refusal()));
    }

    private void status(RoutingContext ctx) {
        withStatus(ctx, "application/json", JsonObject::encodePrettily);
    }

    private void metrics(RoutingContext ctx) {
        withStatus(ctx, "text/plain; version=0.0.4", s -> metrics.scrape());
    }

    /** Answers with {@code body} of the current status (metrics updated first), or 503 when there is none. */
    private void withStatus(RoutingContext ctx, String contentType, Function<JsonObject, String> body) {
        JsonObject s = statusJson();
        if (s == null) {
            ctx.response().setStatusCode(503).end(statusCache.lastError() + "\n");
            return;
        }
        metrics.update(s);
        ctx.response().putHeader("content-type", contentType).end(body.apply(s));
    }

    private void healthz(RoutingContext ctx) {
        String problem = health.problem(chain.refusal());
        if (problem == null) {
            ctx.response().end("ok\n");
        } else {
            ctx.response().setStatusCode(503).end(problem + "\n");
        }
    }

    @Override
    public Future<?> stop() {
        try {
            Files.deleteIfExists(options.dataDir().resolve(ADMIN_URL_FILE));
        } catch (Exception e) {
            // best effort
        }
        return server == null ? Future.succeededFuture() : server.close();
    }
}
