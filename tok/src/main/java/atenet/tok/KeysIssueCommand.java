package atenet.tok;

import atenet.redolog.ops.Durations;
import atenet.redolog.ops.IssuedKey;
import atenet.redolog.ops.KeyIssuer;
import atenet.redolog.ops.Networks;
import atenet.redolog.state.NetworkRecord;
import atenet.redolog.store.Chain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tok keys issue --network NAME [--label L] [--expires 30d|never] [--bridge] [--json]}: prints exactly one token line on
 * stdout (or one JSON object with --json); hints go to stderr.
 */
@Command(name = "issue", description = "Issue an access key for one user of one network; prints the token to hand over.")
final class KeysIssueCommand extends Verb {
    @Option(names = "--network", paramLabel = "NAME", required = true, description = "network the key lets its holder join")
    String network;

    @Option(names = "--label", paramLabel = "L", defaultValue = "", description = "who or what the key is for (shown in `tok keys list`)")
    String label;

    @Option(names = "--expires", paramLabel = "DURATION", defaultValue = Durations.DEFAULT_KEY_LIFETIME,
            description = "lifetime: N followed by d, h, m or s (30d, 12h, 90m, 3600s), or 'never' (default: ${DEFAULT-VALUE})")
    String expires;

    @Option(names = "--bridge", description = "the client bridges a LAN: its port may send frames from any source MAC"
            + " (other keys' ports will be bound to one MAC)")
    boolean bridge;

    @Option(names = "--json", description = "print {\"keyId\",\"label\",\"network\",\"expiresAt\",\"token\"}")
    boolean json;

    @Override
    public Integer call() {
        long expiresAt;
        try {
            expiresAt = "never".equals(expires) ? 0 : System.currentTimeMillis() + Durations.parse(expires).toMillis();
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage() + " or 'never'");
        }
        if (label.length() > 128 || label.chars().anyMatch(Character::isISOControl)) {
            throw usage("label must be at most 128 characters without control characters");
        }
        try (Chain chain = data.openChain()) {
            NetworkRecord net = Networks.byName(chain, network);
            IssuedKey k = KeyIssuer.issue(data.writer(chain), data.operatorKey(), network, label, expiresAt, bridge);
            if (json) {
                out().println(Json.write(Json.obj("keyId", k.record().idHex(), "label", label, "network", net.name(),
                        "expiresAt", expiresAt == 0 ? null : time(expiresAt), "token", k.token())));
            } else {
                out().println(k.token());
            }
            out().flush();
            err().println("issued access key " + k.record().idHex() + " for network " + net.name()
                    + (label.isEmpty() ? "" : " (" + label + ")") + (bridge ? ", bridge" : "") + ", expires " + time(expiresAt)
                    + ": give the token line to the user for tap-client (in a file: bin/tap-client --token-file FILE); it is shown only once");
            if (chain.state().membersOf(net.id()).isEmpty()) {
                err().println("note: no node serves network " + net.name() + " yet, so the token carries no node address:"
                        + " start with bin/tap-client --server HOST:PORT (any node of this chain, including ones enrolled later)");
            }
        }
        return TokMain.EXIT_OK;
    }
}
