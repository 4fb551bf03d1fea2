package atenet.tok;

import atenet.redolog.state.ChainState;
import atenet.redolog.state.Membership;
import atenet.redolog.state.NodeRecord;
import atenet.redolog.store.Chain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** {@code tok nodes list [--json]}. */
@Command(name = "list", description = "List enrolled nodes and the networks they serve, with their UDP endpoints.")
final class NodesListCommand extends Verb {
    @Option(names = "--json", description = "print a JSON array")
    boolean json;

    @Override
    public Integer call() {
        try (Chain chain = data.openChain()) {
            ChainState s = chain.state();
            if (json) {
                List<Object> arr = new ArrayList<>();
                for (NodeRecord n : s.nodes()) {
                    List<Object> nets = new ArrayList<>();
                    for (Membership m : s.membershipsOf(n.nodeId())) {
                        nets.add(Json.obj("network", s.network(m.networkId()).map(r -> r.name()).orElse("?"),
                                "endpoint", Format.endpoint(m.endpoint())));
                    }
                    arr.add(Json.obj("id", n.idHex(), "name", n.name(), "x25519Key", HexFormat.of().formatHex(n.x25519Key()),
                            "networks", nets));
                }
                out().println(Json.pretty(arr));
                return TokMain.EXIT_OK;
            }
            String fmt = "%-16s  %-24s  %s%n";
            out().printf(fmt, "ID", "NAME", "NETWORKS");
            for (NodeRecord n : s.nodes()) {
                List<String> nets = new ArrayList<>();
                for (Membership m : s.membershipsOf(n.nodeId())) {
                    nets.add(s.network(m.networkId()).map(r -> r.name()).orElse("?") + "@" + Format.endpoint(m.endpoint()));
                }
                out().printf(fmt, n.idHex(), n.name(), nets.isEmpty() ? "-" : String.join(" ", nets));
            }
        }
        return TokMain.EXIT_OK;
    }
}
