package atenet.tok;

import atenet.redolog.state.ChainState;
import atenet.redolog.state.Membership;
import atenet.redolog.state.NodeRecord;
import atenet.redolog.store.Chain;
import picocli.CommandLine.Command;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** {@code tok nodes list [--json]}. */
@Command(name = "list", description = "List enrolled (and removed) nodes and the networks they serve, with their UDP endpoints.")
final class NodesListCommand extends ChainListing<NodeRecord> {
    private static final String FMT = "%-16s  %-24s  %-8s  %s%n";

    @Override
    List<NodeRecord> rows(Chain chain) {
        return chain.state().nodes();
    }

    @Override
    String header() {
        return String.format(FMT, "ID", "NAME", "STATE", "NETWORKS");
    }

    @Override
    String line(ChainState s, NodeRecord n) {
        List<String> nets = new ArrayList<>();
        for (Membership m : s.membershipsOf(n.nodeId())) {
            nets.add(networkName(s, m) + "@" + Format.endpoint(m.endpoint()));
        }
        return String.format(FMT, n.idHex(), n.name(), state(n), nets.isEmpty() ? "-" : String.join(" ", nets));
    }

    @Override
    Map<String, Object> json(ChainState s, NodeRecord n) {
        List<Object> nets = new ArrayList<>();
        for (Membership m : s.membershipsOf(n.nodeId())) {
            nets.add(Json.obj("network", networkName(s, m), "endpoint", Format.endpoint(m.endpoint())));
        }
        return Json.obj("id", n.idHex(), "name", n.name(), "x25519Key", HexFormat.of().formatHex(n.x25519Key()),
                "networks", nets, "state", state(n));
    }

    /** "enrolled" or "removed". */
    private static String state(NodeRecord n) {
        return n.removed() ? "removed" : "enrolled";
    }

    private static String networkName(ChainState s, Membership m) {
        return s.network(m.networkId()).map(r -> r.name()).orElse("?");
    }
}
