package atenet.vswitch.admin;

import io.vertx.core.json.JsonObject;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The last status document of the data plane, refreshed by a periodic timer ({@link #refresh()}, every
 * {@link #REFRESH_MILLIS} ms): /status and /metrics read it, so HTTP clients never reach the data-plane thread; at
 * most one status request is in flight, whatever the number of HTTP requests.
 *
 * <p>Threading: {@link #refresh()} is called on the admin verticle's event loop; the snapshot is a volatile
 * reference to a JSON object nobody mutates after it was stored (readers copy before adding to it).
 */
public final class StatusCache {
    public static final long REFRESH_MILLIS = 1000;
    private final Supplier<? extends CompletionStage<JsonObject>> source;
    private volatile JsonObject last;
    private volatile String lastError = "no status yet";
    private final AtomicBoolean inFlight = new AtomicBoolean();

    /** @param source asks the data plane for one status document (runs on its thread) */
    public StatusCache(Supplier<? extends CompletionStage<JsonObject>> source) {
        this.source = source;
    }

    /**
     * Asks for a new snapshot unless one request is still out; never blocks.
     *
     * @return completes (never fails) when this refresh, or the one in flight, is over
     */
    public CompletionStage<Void> refresh() {
        if (!inFlight.compareAndSet(false, true)) {
            return CompletableFuture.completedFuture(null);
        }
        return source.get().toCompletableFuture().orTimeout(2, TimeUnit.SECONDS).handle((s, e) -> {
            if (e == null) {
                last = s;
                lastError = null;
            } else {
                lastError = "data plane not answering: " + e;
            }
            inFlight.set(false);
            return null;
        });
    }

    /** A copy of the last snapshot, or null when the last refresh failed or none arrived yet. */
    public JsonObject snapshot() {
        JsonObject s = last;
        return s == null || lastError != null ? null : s.copy();
    }

    /** Why the last refresh failed, or null. */
    public String lastError() {
        return lastError;
    }
}
