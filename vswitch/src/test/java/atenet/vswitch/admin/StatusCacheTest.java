package atenet.vswitch.admin;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/** Layer: unit (a counting status source instead of the data plane). */
class StatusCacheTest {
    @Test
    void oneRequestInFlightWhateverTheNumberOfRefreshes() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        CompletableFuture<JsonObject> answer = new CompletableFuture<>();
        StatusCache cache = new StatusCache(() -> {
            asked.incrementAndGet();
            return answer;
        });
        assertNull(cache.snapshot());
        for (int i = 0; i < 100; i++) {
            cache.refresh();
        }
        assertEquals(1, asked.get());
        answer.complete(new JsonObject().put("sessions", 3));
        for (int i = 0; i < 100; i++) {
            JsonObject s = cache.snapshot();
            s.put("node", "added by a reader");
        }
        assertEquals(new JsonObject().put("sessions", 3), cache.snapshot(), "readers get copies");
        cache.refresh().toCompletableFuture().get(1, TimeUnit.SECONDS);
        assertEquals(2, asked.get(), "the next refresh asks again");
    }

    @Test
    void aSourceThatFailsIsReported() throws Exception {
        StatusCache cache = new StatusCache(() -> CompletableFuture.failedFuture(new IllegalStateException("stopped")));
        cache.refresh().toCompletableFuture().get(1, TimeUnit.SECONDS);
        assertNull(cache.snapshot());
        assertTrue(cache.lastError().startsWith("data plane not answering"), cache.lastError());
    }
}
