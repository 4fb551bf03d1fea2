package atenet.vswitch.admin;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Layer: unit. Peer links in /metrics: links by state and frames to and from peers, read from the status snapshot. */
class NodeMetricsPeersTest {
    @Test
    void peerLinksAreCountedByStateAndFramesSummed() {
        NodeMetrics m = new NodeMetrics();
        m.update(new JsonObject().put("peers", new JsonArray()
                .add(new JsonObject().put("state", "up").put("framesIn", 5).put("framesOut", 7))
                .add(new JsonObject().put("state", "up").put("framesIn", 1).put("framesOut", 2))
                .add(new JsonObject().put("state", "dead").put("framesIn", 0).put("framesOut", 0))));
        String text = m.scrape();
        assertTrue(text.contains("atenet_peer_links{state=\"up\"} 2.0"), text);
        assertTrue(text.contains("atenet_peer_links{state=\"dead\"} 1.0"), text);
        assertTrue(text.contains("atenet_peer_links{state=\"handshaking\"} 0.0"), text);
        assertTrue(text.contains("atenet_peer_frames_in_total 6.0"), text);
        assertTrue(text.contains("atenet_peer_frames_out_total 9.0"), text);
    }
}
