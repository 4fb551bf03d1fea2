package atenet.tok;

import atenet.wire.io.SecretFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code tok status [--json] [--admin-token-file FILE]}: asks the running node. The node writes its admin URL (e.g.
 * http://127.0.0.1:4790) to DIR/admin.url; tok GETs URL/status and prints the JSON (pretty) or the human form of
 * {@link StatusFormat}. A node started with {@code --admin-token-file} wants {@code Authorization: Bearer <token>}:
 * the token comes from --admin-token-file, else from DIR/admin.token when that file exists.
 */
@Command(name = "status", description = "Show the status of the node running on this data directory (via DIR/admin.url).")
final class StatusCommand extends Verb {
    static final String ADMIN_URL_FILE = "admin.url";
    static final String ADMIN_TOKEN_FILE = "admin.token";

    @Option(names = "--json", description = "print the node's /status JSON, pretty-printed")
    boolean json;

    @Option(names = "--admin-token-file", paramLabel = "FILE",
            description = "file holding the node's admin token (default: DIR/admin.token when it exists)")
    Path adminTokenFile;

    @Override
    public Integer call() {
        Path f = data.path().resolve(ADMIN_URL_FILE);
        if (!Files.isRegularFile(f)) {
            throw new TokException("no running node for " + data.path() + " (no " + f + ": is vswitch running with --data " + data.path() + "?)");
        }
        String url;
        try {
            url = Files.readString(f, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new TokException("no running node for " + data.path() + " (cannot read " + f + ": " + e.getMessage() + ")");
        }
        String body;
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
            HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "") + "/status"))
                    .timeout(Duration.ofSeconds(5)).GET();
            String token = adminToken();
            if (token != null) {
                req.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> resp = client.send(req.build(), HttpResponse.BodyHandlers.ofString());
            if (resp.statusCode() == 401) {
                throw new TokException("the node at " + url + " wants an admin token" + (token == null
                        ? ": put it in " + data.path().resolve(ADMIN_TOKEN_FILE) + " or pass --admin-token-file FILE"
                        : " and refused this one (HTTP 401): check --admin-token-file or " + data.path().resolve(ADMIN_TOKEN_FILE)));
            }
            if (resp.statusCode() != 200) {
                throw new TokException("no running node for " + data.path() + " (" + url + "/status answered HTTP " + resp.statusCode() + ")");
            }
            body = resp.body();
        } catch (IOException | IllegalArgumentException e) {
            throw new TokException("no running node for " + data.path() + " (" + url + " did not answer: "
                    + reason(e) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokException("interrupted");
        }
        Object status;
        try {
            status = Json.parse(body);
        } catch (IllegalArgumentException e) {
            throw new TokException("the node at " + url + " sent a status that is not JSON (" + e.getMessage() + ")");
        }
        if (json) {
            out().println(Json.pretty(status));
            return TokMain.EXIT_OK;
        }
        if (!(status instanceof Map<?, ?> m)) {
            throw new TokException("the node at " + url + " sent a status that is not a JSON object");
        }
        out().print(StatusFormat.format(url, m));
        out().flush();
        return TokMain.EXIT_OK;
    }

    /** From --admin-token-file, else DIR/admin.token if it exists, else null. */
    private String adminToken() {
        Path f = adminTokenFile != null ? adminTokenFile : data.path().resolve(ADMIN_TOKEN_FILE);
        if (adminTokenFile == null && !Files.exists(f)) {
            return null;
        }
        try {
            return SecretFile.read(adminTokenFile != null ? "--admin-token-file" : "admin token file", f);
        } catch (IllegalArgumentException e) {
            throw new TokException(e.getMessage());
        }
    }

    private static String reason(Exception e) {
        if (e instanceof java.net.ConnectException) {
            return "connection refused";
        }
        if (e instanceof java.net.http.HttpTimeoutException) {
            return "timed out";
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? "no answer" : m;
    }
}
