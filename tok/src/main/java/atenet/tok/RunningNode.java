package atenet.tok;

import atenet.redolog.repl.SubmitResult;
import atenet.wire.io.SecretFile;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The vswitch running on a data directory, if one does: it holds {@code DATA/vswitch.lock} while it runs and
 * writes its admin URL to {@code DATA/admin.url}. While it runs, tok never appends to the chain file itself: it
 * signs each entry and POSTs it to the node's {@code /chain/entries}, which submits it to the chain's Raft group
 * (docs/replication.md), so that every copy of the chain stays the same.
 */
final class RunningNode {
    /** vswitch's lock file (atenet.vswitch.node.DataDirLock). */
    static final String LOCK_FILE = "vswitch.lock";

    private final String url;
    private final String adminToken;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private RunningNode(String url, String adminToken) {
        this.url = url;
        this.adminToken = adminToken;
    }

    /**
     * @return the node running on {@code dataDir}, or empty when none does
     * @throws TokException when a node runs but cannot be reached (no admin URL)
     */
    static Optional<RunningNode> on(Path dataDir) {
        if (!isLocked(dataDir.resolve(LOCK_FILE))) {
            return Optional.empty();
        }
        Path urlFile = dataDir.resolve(StatusCommand.ADMIN_URL_FILE);
        String url;
        try {
            url = Files.readString(urlFile, StandardCharsets.UTF_8).strip().replaceAll("/+$", "");
        } catch (IOException e) {
            throw new TokException("a vswitch is running on " + dataDir + " but " + urlFile + " cannot be read ("
                    + e.getMessage() + "); it may still be starting: try again in a moment");
        }
        Path tokenFile = dataDir.resolve(StatusCommand.ADMIN_TOKEN_FILE);
        String token = null;
        if (Files.exists(tokenFile)) {
            try {
                token = SecretFile.read("admin token file", tokenFile);
            } catch (IllegalArgumentException e) {
                throw new TokException(e.getMessage());
            }
        }
        return Optional.of(new RunningNode(url, token));
    }

    /** A node at a known admin URL (tok --node). */
    static RunningNode at(String url, String adminToken) {
        return new RunningNode(url.replaceAll("/+$", ""), adminToken);
    }

    /** Whether another process holds the lock (a running vswitch). */
    private static boolean isLocked(Path lockFile) {
        if (!Files.exists(lockFile)) {
            return false;
        }
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock l = ch.tryLock();
            if (l == null) {
                return true;
            }
            l.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            return false;                                // cannot open it: no node of ours holds it
        }
    }

    String url() {
        return url;
    }

    /** GET /status of the node, parsed; empty when it does not answer. */
    Optional<Map<?, ?>> status() {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url + "/status")).timeout(Duration.ofSeconds(5)).GET();
        if (adminToken != null) {
            req.header("Authorization", "Bearer " + adminToken);
        }
        try {
            HttpResponse<String> r = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && Json.parse(r.body()) instanceof Map<?, ?> m ? Optional.of(m) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** POSTs one signed entry; completes with the group's answer, or exceptionally with a one-line reason. */
    CompletableFuture<SubmitResult> submit(byte[] entry) {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url + "/chain/entries"))
                .timeout(Duration.ofSeconds(20))
                .header("content-type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(entry));
        if (adminToken != null) {
            req.header("Authorization", "Bearer " + adminToken);
        }
        return http.sendAsync(req.build(), HttpResponse.BodyHandlers.ofString()).thenApply(this::result);
    }

    private SubmitResult result(HttpResponse<String> resp) {
        if (resp.statusCode() == 401) {
            throw new TokException("the node at " + url + " wants its admin token: put it in DATA/" + StatusCommand.ADMIN_TOKEN_FILE);
        }
        if (resp.statusCode() != 200) {
            throw new TokException("the node at " + url + " did not take the entry (HTTP " + resp.statusCode() + "): "
                    + resp.body().strip());
        }
        if (!(Json.parse(resp.body()) instanceof Map<?, ?> m) || !(m.get("outcome") instanceof String o)
                || !(m.get("sequence") instanceof Number seq)) {
            throw new TokException("the node at " + url + " answered something that is not a submit result");
        }
        String reason = m.get("reason") instanceof String r ? r : "";
        return switch (o) {
            case "appended" -> SubmitResult.appended(seq.longValue());
            case "stale" -> SubmitResult.stale(seq.longValue(), reason);
            case "refused" -> SubmitResult.refused(seq.longValue(), reason);
            default -> throw new TokException("the node at " + url + " answered an unknown outcome '" + o + "'");
        };
    }
}
