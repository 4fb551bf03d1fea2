package atenet.vswitch.admin;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The admin API's access check when the node has an admin token ({@code --admin-token-file}): every request needs
 * {@code Authorization: Bearer <token>}, else 401. The token is compared in constant time.
 */
public final class AdminAuth implements Handler<RoutingContext> {
    private static final String PREFIX = "Bearer ";
    private final byte[] token;

    public AdminAuth(String token) {
        if (token == null || token.isEmpty()) {
            throw new IllegalArgumentException("the admin token is empty");
        }
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (allows(ctx.request().getHeader("Authorization"))) {
            ctx.next();
        } else {
            ctx.response().setStatusCode(401).putHeader("WWW-Authenticate", "Bearer")
                    .end("admin token required: Authorization: Bearer <token>\n");
        }
    }

    /** True for "Bearer &lt;the token&gt;". */
    boolean allows(String header) {
        if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return false;
        }
        byte[] given = header.substring(PREFIX.length()).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, token);
    }
}
