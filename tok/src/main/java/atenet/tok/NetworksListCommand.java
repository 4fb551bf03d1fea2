package atenet.tok;

import atenet.redolog.state.ChainState;
import atenet.redolog.state.Membership;
import atenet.redolog.state.NetworkRecord;
import atenet.redolog.store.Chain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code tok networks list [--json]}. */
@Command(name = "list", description = "List networks with their subnet, gateway, MTU and serving nodes.")
final class NetworksListCommand extends Verb {
    @Option(names = "--json", description = "print a JSON array")
    boolean json;

    @Override
    public Integer call() {
        try (Chain chain = data.openChain()) {
            ChainState s = chain.state();
            if (json) {
                List<Object> arr = new ArrayList<>();
                for (NetworkRecord n : s.networks()) {
                    List<Object> nodes = new ArrayList<>();
                    for (Membership m : s.membersOf(n.id())) {
                        nodes.add(Json.obj("id", atenet.wire.crypto.KeyId.hex(m.nodeId()),
                                "name", s.node(m.nodeId()).map(r -> r.name()).orElse(null),
                                "endpoint", Format.endpoint(m.endpoint())));
                    }
                    Map<String, Object> o = Json.obj("name", n.name(), "id", n.idHex(), "subnet", n.cidr(),
                            "gateway", n.gateway().getHostAddress(), "mtu", n.mtu(), "nodes", nodes);
                    arr.add(o);
                }
                out().println(Json.pretty(arr));
                return TokMain.EXIT_OK;
            }
            String fmt = "%-32s  %-32s  %-18s  %-15s  %5s  %s%n";
            out().printf(fmt, "NAME", "ID", "SUBNET", "GATEWAY", "MTU", "NODES");
            for (NetworkRecord n : s.networks()) {
                out().printf(fmt, n.name(), n.idHex(), n.cidr(), n.gateway().getHostAddress(), n.mtu(), s.membersOf(n.id()).size());
            }
        }
        return TokMain.EXIT_OK;
    }
}
