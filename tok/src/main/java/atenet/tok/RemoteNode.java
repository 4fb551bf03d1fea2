package atenet.tok;

import atenet.redolog.repl.SubmitResult;
import atenet.redolog.store.Chain;
import atenet.wire.io.SecretFile;
import atenet.wire.net.HostPort;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * {@code tok --node HOST:PORT}: a running node reached at its admin address from the operator's own machine. tok
 * reads the node's chain ({@code GET /chain/entries}) into a private, verified copy in a temporary directory,
 * signs locally with the operator key (which need not live on any node) and submits through the node
 * ({@code POST /chain/entries}, via {@link RunningNode}'s protocol); the copy is brought up to date from the node
 * until it holds the new entry.
 */
final class RemoteNode {
    private final HostPort address;
    private final String adminToken;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final RunningNode submitter;
    private Path copyDir;

    RemoteNode(HostPort address, Path adminTokenFile) {
        this.address = address;
        this.adminToken = adminTokenFile == null ? null : SecretFile.read("--node-token-file", adminTokenFile);
        this.submitter = RunningNode.at("http://" + address, adminToken);
    }

    /** Fetches and verifies the node's whole chain into a temporary copy (removed when tok exits). */
    Chain copyChain() {
        List<byte[]> entries = fetch(0);
        if (entries.isEmpty()) {
            throw new TokException("the node at " + address + " sent an empty chain");
        }
        try {
            copyDir = Files.createTempDirectory("tok-chain-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory: " + e.getMessage(), e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::deleteCopy));
        Chain c = Chain.adopt(copyDir, entries.subList(0, 1), atenet.redolog.entry.LogEntryCodec.decode(entries.get(0)).hash());
        for (byte[] e : entries.subList(1, entries.size())) {
            SubmitResult r = c.appendSigned(e);
            if (!r.appended()) {
                c.close();
                throw new TokException("the chain from " + address + " does not verify: " + r.reason());
            }
        }
        return c;
    }

    /** Appends to {@code copy} what the node has beyond it. */
    void pullInto(Chain copy) {
        for (byte[] e : fetch(copy.size())) {
            SubmitResult r = copy.appendSigned(e);
            if (r.outcome() == SubmitResult.Outcome.REFUSED) {
                throw new TokException("an entry from " + address + " does not verify: " + r.reason());
            }
        }
    }

    java.util.Optional<Map<?, ?>> status() {
        return submitter.status();
    }

    CompletableFuture<SubmitResult> submit(byte[] entry) {
        return submitter.submit(entry);
    }

    private List<byte[]> fetch(long from) {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://" + address + "/chain/entries?from=" + from))
                .timeout(Duration.ofSeconds(30)).GET();
        if (adminToken != null) {
            req.header("Authorization", "Bearer " + adminToken);
        }
        HttpResponse<String> resp;
        try {
            resp = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new TokException("the node at " + address + " did not answer: " + (e.getMessage() == null ? e : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokException("interrupted");
        }
        if (resp.statusCode() == 401) {
            throw new TokException("the node at " + address + " wants its admin token: --node-token-file FILE");
        }
        if (resp.statusCode() != 200) {
            throw new TokException("the node at " + address + " answered HTTP " + resp.statusCode() + ": " + resp.body().strip());
        }
        if (!(Json.parse(resp.body()) instanceof Map<?, ?> m) || !(m.get("entries") instanceof List<?> list)) {
            throw new TokException("the node at " + address + " sent something that is not a list of chain entries");
        }
        List<byte[]> out = new ArrayList<>();
        for (Object o : list) {
            out.add(Base64.getDecoder().decode((String) o));
        }
        return out;
    }

    private void deleteCopy() {
        if (copyDir == null) {
            return;
        }
        try (Stream<Path> all = Files.walk(copyDir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: the system cleans it eventually
        }
    }
}
