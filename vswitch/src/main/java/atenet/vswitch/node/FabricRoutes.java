package atenet.vswitch.node;

import atenet.redolog.repl.RaftMember;
import atenet.redolog.repl.SubmitResult;
import atenet.vswitch.chain.ChainService;
import atenet.vswitch.fabric.FabricClient;
import atenet.wire.net.HostPort;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.Base64;
import java.util.Locale;

/**
 * The join endpoints a running node serves on its admin listener for new nodes ({@code vswitch --join}). They need
 * no admin token: the operator's enrolment grant is the credential (checked against the chain: signed by its
 * operator, unexpired, unused), and what they accept is checked again by every member when Raft applies it.
 * <pre>
 * GET  /fabric/chain   header X-Atenet-Grant: base64url(grant)
 *                      200 {"entries": [base64 entry, ...], "members": [{"id", "address"}, ...]}; 403 and why
 * POST /fabric/admit   {"entry": base64 NODE_ADMITTED entry, "raft": "HOST:PORT"}
 *                      200 {"outcome": "appended"|"stale"|"refused", "sequence", "reason"}, after an appended entry
 *                      the node is a member of the Raft group; 400 bad request; 403 bad grant; 503 not committed
 * </pre>
 */
final class FabricRoutes {
    static final int MAX_ADMIT_BODY = 8192;

    private final Vertx vertx;
    private final ChainService chain;

    FabricRoutes(Vertx vertx, ChainService chain) {
        this.vertx = vertx;
        this.chain = chain;
    }

    void mount(Router router) {
        router.get("/fabric/chain").handler(this::copy);
        router.post("/fabric/admit").handler(BodyHandler.create(false).setBodyLimit(MAX_ADMIT_BODY)).handler(this::admit);
    }

    private void copy(RoutingContext ctx) {
        String header = ctx.request().getHeader(FabricClient.GRANT_HEADER);
        byte[] grant;
        try {
            grant = Base64.getUrlDecoder().decode(header == null ? "" : header.strip());
        } catch (IllegalArgumentException e) {
            ctx.response().setStatusCode(400).end("the " + FabricClient.GRANT_HEADER + " header is not base64url\n");
            return;
        }
        var remote = ctx.request().remoteAddress();
        boolean local = remote != null && remote.hostAddress() != null && new HostPort(remote.hostAddress(), 1).isLoopback();
        vertx.executeBlocking(() -> chain.copyForJoin(grant, local)).onComplete(ar -> {
            if (ar.failed()) {
                fail(ctx, ar.cause());
                return;
            }
            JsonArray entries = new JsonArray();
            for (byte[] e : ar.result().entries()) {
                entries.add(Base64.getEncoder().encodeToString(e));
            }
            JsonArray members = new JsonArray();
            for (RaftMember m : ar.result().members()) {
                members.add(new JsonObject().put("id", m.nodeId()).put("address", m.address()));
            }
            ctx.response().putHeader("content-type", "application/json")
                    .end(new JsonObject().put("entries", entries).put("members", members).encode());
        });
    }

    private void admit(RoutingContext ctx) {
        byte[] entry;
        String raft;
        try {
            JsonObject body = ctx.body().asJsonObject();
            entry = Base64.getDecoder().decode(body.getString("entry", ""));
            raft = body.getString("raft", "");
        } catch (RuntimeException e) {
            ctx.response().setStatusCode(400).end("expected {\"entry\": base64, \"raft\": \"HOST:PORT\"}\n");
            return;
        }
        vertx.executeBlocking(() -> chain.admitJoiner(entry, raft), false).onComplete(ar -> {
            if (ar.failed()) {
                fail(ctx, ar.cause());
                return;
            }
            SubmitResult r = ar.result();
            ctx.response().putHeader("content-type", "application/json").end(new JsonObject()
                    .put("outcome", r.outcome().name().toLowerCase(Locale.ROOT))
                    .put("sequence", r.sequence()).put("reason", r.reason()).encode());
        });
    }

    private static void fail(RoutingContext ctx, Throwable t) {
        int status = t instanceof IllegalArgumentException ? 403 : 503;
        ctx.response().setStatusCode(status).end(t.getMessage() + "\n");
    }
}
