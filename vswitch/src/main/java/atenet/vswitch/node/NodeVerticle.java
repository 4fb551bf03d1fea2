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
import io.vertx.ext.web.handler.BodyHandler;
import atenet.redolog.entry.LogEntryCodec;
import atenet.redolog.repl.SubmitResult;

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
 * GET /chain/entries?from=N   {"entries": [base64 entry, ...]}: the verified chain from entry N on (tok --node)
 * POST /chain/entries   body: one signed chain entry (LogEntryCodec bytes, application/octet-stream), as `tok`
 *                signs it; submitted to the chain's Raft group. 200 and JSON {"outcome": "appended"|"stale"|"refused",
 *                "sequence", "reason"}; 413 over {@link #MAX_ENTRY} bytes; 503 when the group did not commit it
 * GET /fabric/chain, POST /fabric/admit: for new nodes joining with an enrolment grant ({@link FabricRoutes})
 * </pre>
 * /status and /metrics serve the {@link StatusCache} snapshot, refreshed once a second by a timer: HTTP requests
 * never reach the data-plane thread. With an admin token ({@code --admin-token-file}) every request needs
 * {@code Authorization: Bearer <token>} ({@link AdminAuth}). The admin server listens on localhost by default; its
 * URL is written to DATA/admin.url for `tok status`.
 */
public final class NodeVerticle extends VerticleBase {
    public static final String ADMIN_URL_FILE = "admin.url";
    /** Largest entry body accepted by POST /chain/entries: the codec's largest entry. */
    static final int MAX_ENTRY = LogEntryCodec.OFFSET_BODY + LogEntryCodec.MAX_BODY + LogEntryCodec.SIGNATURE_LEN;

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
        MembershipKeeper memberships = new MembershipKeeper(chain, MembershipKeeper.leaveAfterNanos(System.getenv()), System.nanoTime());
        vertx.setPeriodic(1000, id -> dataPlane.snapshot().thenAccept(st -> context.runOnContext(v -> memberships.observe(st, System.nanoTime()))));
        Router router = Router.router(vertx);
        new FabricRoutes(vertx, chain).mount(router);    // before the admin check: the enrolment grant is their credential
        if (options.adminToken() != null) {
            router.route().handler(new AdminAuth(options.adminToken()));
        }
        router.get("/status").handler(this::status);
        router.get("/metrics").handler(this::metrics);
        router.get("/healthz").handler(this::healthz);
        router.get("/chain/entries").handler(this::entries);
        router.post("/chain/entries").handler(BodyHandler.create(false).setBodyLimit(MAX_ENTRY)).handler(this::submitEntry);
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
                        .put("refusal", chain.refusal())
                        .put("raft", raftJson()));
    }

    private JsonObject raftJson() {
        ChainService.RaftStatus r = chain.raftStatus();
        return new JsonObject().put("role", r.role()).put("appliedIndex", r.appliedIndex()).put("address", r.address())
                .put("leader", r.leader()).put("members", new io.vertx.core.json.JsonArray(new java.util.ArrayList<Object>(r.members())));
    }

    /** GET /chain/entries?from=N: the verified entries from sequence N on (tok --node reads the chain so). */
    private void entries(RoutingContext ctx) {
        long from;
        try {
            from = Long.parseLong(ctx.request().getParam("from", "0"));
        } catch (NumberFormatException e) {
            ctx.response().setStatusCode(400).end("from must be a number\n");
            return;
        }
        vertx.executeBlocking(() -> chain.entriesFrom(Math.max(0, from))).onComplete(ar -> {
            if (ar.failed()) {
                ctx.response().setStatusCode(503).end(ar.cause().getMessage() + "\n");
                return;
            }
            io.vertx.core.json.JsonArray a = new io.vertx.core.json.JsonArray();
            for (byte[] e : ar.result()) {
                a.add(java.util.Base64.getEncoder().encodeToString(e));
            }
            ctx.response().putHeader("content-type", "application/json").end(new JsonObject().put("entries", a).encode());
        });
    }

    /** POST /chain/entries: an entry signed elsewhere, into the Raft group; the answer every member gave. */
    private void submitEntry(RoutingContext ctx) {
        byte[] entry = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        Future.fromCompletionStage(chain.submit(entry), context).onComplete(ar -> {
            if (ar.failed()) {
                Throwable t = ar.cause() instanceof java.util.concurrent.CompletionException c && c.getCause() != null ? c.getCause() : ar.cause();
                ctx.response().setStatusCode(503).end("the chain's Raft group did not commit the entry: " + t.getMessage() + "\n");
                return;
            }
            SubmitResult r = ar.result();
            ctx.response().putHeader("content-type", "application/json").end(new JsonObject()
                    .put("outcome", r.outcome().name().toLowerCase(java.util.Locale.ROOT))
                    .put("sequence", r.sequence())
                    .put("reason", r.reason()).encode());
        });
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
