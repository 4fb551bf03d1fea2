package atenet.tok;

import atenet.redolog.state.AccessKeyRecord;
import atenet.redolog.state.ChainState;
import atenet.redolog.store.Chain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** {@code tok keys list [--json]}. */
@Command(name = "list", description = "List access keys: id, network, label, expiry, state (valid/revoked/expired).")
final class KeysListCommand extends Verb {
    @Option(names = "--json", description = "print a JSON array")
    boolean json;

    @Override
    public Integer call() {
        long now = System.currentTimeMillis();
        try (Chain chain = data.openChain()) {
            ChainState s = chain.state();
            if (json) {
                List<Object> arr = new ArrayList<>();
                for (AccessKeyRecord k : s.accessKeys()) {
                    arr.add(Json.obj("keyId", k.idHex(), "network", networkName(s, k), "label", k.label(),
                            "issuedAt", time(k.issuedAt()), "expiresAt", k.expiresAt() == 0 ? null : time(k.expiresAt()),
                            "state", k.stateAt(now), "revokedAt", k.revoked() ? time(k.revokedAt()) : null));
                }
                out().println(Json.pretty(arr));
                return TokMain.EXIT_OK;
            }
            String fmt = "%-16s  %-20s  %-24s  %-24s  %s%n";
            out().printf(fmt, "ID", "NETWORK", "LABEL", "EXPIRES", "STATE");
            for (AccessKeyRecord k : s.accessKeys()) {
                out().printf(fmt, k.idHex(), networkName(s, k), k.label(), time(k.expiresAt()), k.stateAt(now));
            }
        }
        return TokMain.EXIT_OK;
    }

    static String networkName(ChainState s, AccessKeyRecord k) {
        return s.network(k.networkId()).map(n -> n.name()).orElse("?");
    }
}
