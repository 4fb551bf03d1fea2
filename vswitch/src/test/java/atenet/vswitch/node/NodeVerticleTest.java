package atenet.vswitch.node;

import atenet.vswitch.chain.ChainService;
import atenet.vswitch.udp.SwitchOptions;
import atenet.vswitch.udp.UdpDataPlane;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** Layer: the admin HTTP of a real node (chain in a temp dir, data plane on loopback) on a real Vert.x server. */
class NodeVerticleTest {
    static final String TOKEN = "s3cret-admin-token";

    @TempDir
    Path tmp;
    ChainService chain;
    UdpDataPlane dataPlane;
    Vertx vertx;
    String url;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        chain = new ChainService(tmp, new InetSocketAddress(InetAddress.getLoopbackAddress(), 4789), "node-1", atenet.vswitch.node.NodeOptions.defaultRaft(new InetSocketAddress(0)));
        chain.open();
        dataPlane = new UdpDataPlane(loopback, chain.nodeIdentity(), SwitchOptions.DEFAULTS, false);
        dataPlane.start();
        NodeOptions options = new NodeOptions(tmp, loopback, null, loopback, "node-1", TOKEN);
        NodeVerticle verticle = new NodeVerticle(options, chain, dataPlane, new JsonObject().put("id", "n1"));
        vertx = Vertx.vertx();
        vertx.deployVerticle(verticle).await(10, TimeUnit.SECONDS);
        url = verticle.adminUrl();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(5, TimeUnit.SECONDS);
        dataPlane.close();
        chain.close();
    }

    HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyRequestNeedsTheBearerToken() throws Exception {
        for (String path : new String[]{"/status", "/metrics", "/healthz"}) {
            assertEquals(401, get(path, null).statusCode(), path);
            assertEquals(401, get(path, "Bearer wrong").statusCode(), path);
            assertEquals(200, get(path, "Bearer " + TOKEN).statusCode(), path);
        }
    }

    @Test
    void statusComesFromTheSnapshotAndHealthzSaysOk() throws Exception {
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> r = get("/status", "Bearer " + TOKEN);
            assertEquals(200, r.statusCode());
            JsonObject s = new JsonObject(r.body());
            assertEquals("n1", s.getJsonObject("node").getString("id"));
            assertTrue(s.getJsonObject("drops").containsKey("nodeRefusing"), r.body());
        }
        assertTrue(get("/metrics", "Bearer " + TOKEN).body().contains("atenet_packets_dropped_total"));
        assertEquals("ok\n", get("/healthz", "Bearer " + TOKEN).body());
    }

    @Test
    void healthzTurns503WhenTheDataPlaneStops() throws Exception {
        dataPlane.close();
        Thread.sleep(4200);                            // 3 s still, seen by a check at most 1 s late
        HttpResponse<String> r = get("/healthz", "Bearer " + TOKEN);
        assertEquals(503, r.statusCode());
        assertTrue(r.body().startsWith("data plane stuck or dead"), r.body());
    }
}
