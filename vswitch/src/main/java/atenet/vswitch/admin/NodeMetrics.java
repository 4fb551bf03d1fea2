package atenet.vswitch.admin;

import atenet.vswitch.udp.DropReason;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Prometheus metrics of the node. The meters read the last status snapshot taken on the data-plane
 * thread ({@link #update}), so scraping never touches the per-packet path.
 */
public final class NodeMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private volatile JsonObject last = new JsonObject();

    public NodeMetrics() {
        for (DropReason r : DropReason.values()) {
            FunctionCounter.builder("atenet_packets_dropped", this, m -> m.drops(r.jsonName))
                    .description("overlay packets the node dropped, by reason")
                    .tag("reason", r.jsonName).register(registry);
        }
        Gauge.builder("atenet_sessions", this, m -> m.array("sessions").size())
                .description("client sessions (handshake or up)").register(registry);
        FunctionCounter.builder("atenet_frames_flooded", this, m -> m.sumCounter("floods"))
                .description("frames flooded, all networks").register(registry);
        FunctionCounter.builder("atenet_frames_unicast", this, m -> m.sumCounter("unicasts"))
                .description("frames sent to one known port, all networks").register(registry);
        FunctionCounter.builder("atenet_frames_storm_dropped", this, m -> m.sumCounter("stormDrops"))
                .description("floods refused by storm control, all networks").register(registry);
        Gauge.builder("atenet_mac_entries", this, m -> m.sumMacs())
                .description("learned MAC entries, all networks").register(registry);
        for (String state : new String[]{"handshaking", "up", "dead"}) {
            Gauge.builder("atenet_peer_links", this, m -> m.peers(state))
                    .description("links to other nodes (one per peer node and shared network), by state")
                    .tag("state", state).register(registry);
        }
        FunctionCounter.builder("atenet_peer_frames_in", this, m -> m.sumPeers("framesIn"))
                .description("frames received from peer nodes").register(registry);
        FunctionCounter.builder("atenet_peer_frames_out", this, m -> m.sumPeers("framesOut"))
                .description("frames sent to peer nodes").register(registry);
    }

    private double peers(String state) {
        double n = 0;
        for (Object o : array("peers")) {
            if (state.equals(((JsonObject) o).getString("state"))) {
                n++;
            }
        }
        return n;
    }

    private double sumPeers(String field) {
        double sum = 0;
        for (Object o : array("peers")) {
            sum += ((JsonObject) o).getLong(field, 0L);
        }
        return sum;
    }

    public void update(JsonObject status) {
        last = status;
    }

    public String scrape() {
        return registry.scrape();
    }

    private double drops(String name) {
        JsonObject d = last.getJsonObject("drops");
        return d == null ? 0 : d.getLong(name, 0L);
    }

    private JsonArray array(String name) {
        JsonArray a = last.getJsonArray(name);
        return a == null ? new JsonArray() : a;
    }

    private double sumCounter(String name) {
        double sum = 0;
        for (Object o : array("networks")) {
            sum += ((JsonObject) o).getJsonObject("counters").getLong(name, 0L);
        }
        return sum;
    }

    private double sumMacs() {
        double sum = 0;
        for (Object o : array("networks")) {
            sum += ((JsonObject) o).getJsonArray("macs").size();
        }
        return sum;
    }
}
