package atenet.tok;

import atenet.redolog.state.AccessKeyRecord;
import atenet.redolog.state.ChainState;
import atenet.redolog.store.Chain;
import picocli.CommandLine.Command;

import java.util.List;
import java.util.Map;

/** {@code tok keys list [--json]}. */
@Command(name = "list", description = "List access keys: id, network, label, expiry, state (valid/revoked/expired), bridge.")
final class KeysListCommand extends ChainListing<AccessKeyRecord> {
    private static final String FMT = "%-16s  %-20s  %-24s  %-24s  %-7s  %s%n";
    private final long now = System.currentTimeMillis();

    @Override
    List<AccessKeyRecord> rows(Chain chain) {
        return chain.state().accessKeys();
    }

    @Override
    String header() {
        return String.format(FMT, "ID", "NETWORK", "LABEL", "EXPIRES", "STATE", "BRIDGE");
    }

    @Override
    String line(ChainState s, AccessKeyRecord k) {
        return String.format(FMT, k.idHex(), networkName(s, k), k.label(), time(k.expiresAt()), k.stateAt(now),
                k.bridge() ? "bridge" : "-");
    }

    @Override
    Map<String, Object> json(ChainState s, AccessKeyRecord k) {
        return Json.obj("keyId", k.idHex(), "network", networkName(s, k), "label", k.label(),
                "issuedAt", time(k.issuedAt()), "expiresAt", k.expiresAt() == 0 ? null : time(k.expiresAt()),
                "state", k.stateAt(now), "revokedAt", k.revoked() ? time(k.revokedAt()) : null, "bridge", k.bridge());
    }

    private static String networkName(ChainState s, AccessKeyRecord k) {
        return s.network(k.networkId()).map(n -> n.name()).orElse("?");
    }
}
