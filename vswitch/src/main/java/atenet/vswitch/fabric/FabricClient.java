package atenet.vswitch.fabric;

import atenet.redolog.repl.RaftMember;
import atenet.wire.net.HostPort;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A joining node's side of the join endpoints ({@link FabricRoutes}) of a running node, over HTTP:
 * {@code GET /fabric/chain} (the chain and the Raft members, for the holder of an enrolment grant) and
 * {@code POST /fabric/admit} (this node's signed NODE_ADMITTED entry and its Raft address).
 */
public final class FabricClient {
    public static final String GRANT_HEADER = "X-Atenet-Grant";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    /** What {@code GET /fabric/chain} answers. */
    public record ChainCopy(List<byte[]> entries, List<RaftMember> members) {
    }

    /** What {@code POST /fabric/admit} answers: outcome appended/stale/refused, and why. */
    public record Admission(String outcome, long sequence, String reason) {
    }

    public ChainCopy copy(HostPort contact, byte[] grant) throws IOException {
        HttpRequest req = HttpRequest.newBuilder(uri(contact, "/fabric/chain")).timeout(Duration.ofSeconds(30))
                .header(GRANT_HEADER, Base64.getUrlEncoder().withoutPadding().encodeToString(grant)).GET().build();
        JsonObject o = call(contact, req);
        List<byte[]> entries = new ArrayList<>();
        for (Object e : o.getJsonArray("entries", new JsonArray())) {
            entries.add(Base64.getDecoder().decode((String) e));
        }
        List<RaftMember> members = new ArrayList<>();
        for (Object m : o.getJsonArray("members", new JsonArray())) {
            JsonObject j = (JsonObject) m;
            members.add(new RaftMember(j.getString("id"), j.getString("address")));
        }
        return new ChainCopy(entries, members);
    }

    public Admission admit(HostPort contact, byte[] entry, String raftAddress) throws IOException {
        String body = new JsonObject().put("entry", Base64.getEncoder().encodeToString(entry)).put("raft", raftAddress).encode();
        HttpRequest req = HttpRequest.newBuilder(uri(contact, "/fabric/admit")).timeout(Duration.ofSeconds(60))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        JsonObject o = call(contact, req);
        return new Admission(o.getString("outcome", ""), o.getLong("sequence", -1L), o.getString("reason", ""));
    }

    private JsonObject call(HostPort contact, HttpRequest req) throws IOException {
        HttpResponse<String> resp;
        try {
            resp = http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        if (resp.statusCode() != 200) {
            throw new IOException("node " + contact.toString() + " answered HTTP " + resp.statusCode() + ": " + resp.body().strip());
        }
        try {
            return new JsonObject(resp.body());
        } catch (RuntimeException e) {
            throw new IOException("node " + contact.toString() + " answered something that is not JSON");
        }
    }

    private static URI uri(HostPort contact, String path) {
        String host = contact.host().contains(":") ? "[" + contact.host() + "]" : contact.host();
        return URI.create("http://" + host + ":" + contact.port() + path);
    }
}
