package atenet.vswitch.node;

import atenet.vswitch.admin.NodeMetrics;
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
import java.util.concurrent.TimeUnit;

/**
 * The node's lifecycle and admin HTTP wiring. The work happens elsewhere: the data plane on its
 * own thread ({@link UdpDataPlane}), the chain on its own ({@link ChainService}).
 *
 * <pre>
 * GET /status    JSON: node, chain, sessions, networks (ports, MAC table, counters), drops
 * GET /metrics   Prometheus text
 * GET /healthz   "ok" while the data plane answers
 * </pre>
 * The admin server listens on localhost by default; its URL is written to DATA/admin.url for `tok status`.
 */
public final class NodeVerticle extends VerticleBase {
    public static final String ADMIN_URL_FILE = "admin.url";

    private final NodeOptions options;
    private final ChainService chain;
    private final UdpDataPlane dataPlane;
    private final NodeMetrics metrics = new NodeMetrics();
    private final JsonObject nodeInfo;
    private HttpServer server;

    public NodeVerticle(NodeOptions options, ChainService chain, UdpDataPlane dataPlane, JsonObject nodeInfo) {
        this.options = options;
        this.chain = chain;
        this.dataPlane = dataPlane;
        this.nodeInfo = nodeInfo;
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        router.get("/status").handler(this::status);
        router.get("/metrics").handler(this::metrics);
        router.get("/healthz").handler(ctx -> statusJson().onSuccess(s -> ctx.response().end("ok\n"))
                .onFailure(e -> ctx.response().setStatusCode(503).end("data plane not answering\n")));
        return vertx.createHttpServer()
                .requestHandler(router)
                .listen(options.admin().getPort(), options.admin().getHostString())
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

    private Future<JsonObject> statusJson() {
        return Future.fromCompletionStage(dataPlane.status().orTimeout(2, TimeUnit.SECONDS), context)
                .map(s -> s.put("node", nodeInfo.copy())
                        .put("chain", new JsonObject()
                                .put("id", chain.chainIdHex())
                                .put("entries", chain.entries())
                                .put("followError", chain.pollError())
                                .put("refusal", chain.refusal())));
    }

    private void status(RoutingContext ctx) {
        statusJson().onSuccess(s -> {
            metrics.update(s);
            ctx.response().putHeader("content-type", "application/json").end(s.encodePrettily());
        }).onFailure(e -> ctx.response().setStatusCode(503).end("data plane not answering: " + e.getMessage() + "\n"));
    }

    private void metrics(RoutingContext ctx) {
        statusJson().onSuccess(s -> {
            metrics.update(s);
            ctx.response().putHeader("content-type", "text/plain; version=0.0.4").end(metrics.scrape());
        }).onFailure(e -> ctx.response().setStatusCode(503).end("data plane not answering: " + e.getMessage() + "\n"));
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
