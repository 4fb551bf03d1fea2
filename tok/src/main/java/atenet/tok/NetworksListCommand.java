package atenet.tok;

import atenet.redolog.state.ChainState;
import atenet.redolog.state.Membership;
import atenet.redolog.state.NetworkRecord;
import atenet.redolog.store.Chain;
import atenet.wire.crypto.KeyId;
import picocli.CommandLine.Command;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code tok networks list [--json]}. */
@Command(name = "list", description = "List networks with their subnet, gateway, MTU and serving nodes.")
final class NetworksListCommand extends ChainListing<NetworkRecord> {
    private static final String FMT = "%-32s  %-32s  %-18s  %-15s  %5s  %s%n";

    @Override
    List<NetworkRecord> rows(Chain chain) {
        return chain.state().networks();
    }

    @Override
    String header() {
        return String.format(FMT, "NAME", "ID", "SUBNET", "GATEWAY", "MTU", "NODES");
    }

    @Override
    String line(ChainState s, NetworkRecord n) {
        return String.format(FMT, n.name(), n.idHex(), n.cidr(), n.gateway().getHostAddress(), n.mtu(), s.membersOf(n.id()).size());
    }

    @Override
    Map<String, Object> json(ChainState s, NetworkRecord n) {
        List<Object> nodes = new ArrayList<>();
        for (Membership m : s.membersOf(n.id())) {
            nodes.add(Json.obj("id", KeyId.hex(m.nodeId()),
                    "name", s.node(m.nodeId()).map(r -> r.name()).orElse(null),
                    "endpoint", Format.endpoint(m.endpoint())));
        }
        return Json.obj("name", n.name(), "id", n.idHex(), "subnet", n.cidr(),
                "gateway", n.gateway().getHostAddress(), "mtu", n.mtu(), "nodes", nodes);
    }
}
