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
    private static final String FMT = "%-16s  %-24s  %-8s  %-9s  %-9s  %s%n";
    /** From the running node's /status (when one answers): Raft roles and which peers are up. */
    private Map<?, ?> live = Map.of();

    @Override
    List<NodeRecord> rows(Chain chain) {
        live = data.liveStatus().orElse(Map.of());
        return chain.state().nodes();
    }

    @Override
    String header() {
        return String.format(FMT, "ID", "NAME", "STATE", "RAFT", "UP", "NETWORKS");
    }

    /** LEADER / FOLLOWER / a member's own role, "-" when not a member, "?" without a running node to ask. */
    private String raftRole(NodeRecord n) {
        Map<?, ?> chain = live.get("chain") instanceof Map<?, ?> c ? c : Map.of();
        Map<?, ?> raft = chain.get("raft") instanceof Map<?, ?> r ? r : Map.of();
        if (raft.isEmpty()) {
            return "?";
        }
        Map<?, ?> node = live.get("node") instanceof Map<?, ?> x ? x : Map.of();
        if (n.idHex().equals(node.get("id"))) {
            return String.valueOf(raft.get("role"));
        }
        if (n.idHex().equals(raft.get("leader"))) {
            return "LEADER";
        }
        return raft.get("members") instanceof List<?> m && m.contains(n.idHex()) ? "FOLLOWER" : "-";
    }

    /** "yes" for the node answering and its peers that are up, the peer link's state otherwise, "?" unknown. */
    private String up(NodeRecord n) {
        if (live.isEmpty() || n.removed()) {
            return n.removed() ? "-" : "?";
        }
        Map<?, ?> node = live.get("node") instanceof Map<?, ?> x ? x : Map.of();
        if (n.idHex().equals(node.get("id"))) {
            return "yes";
        }
        String state = null;
        if (live.get("peers") instanceof List<?> peers) {
            for (Object o : peers) {
                if (o instanceof Map<?, ?> p && n.idHex().equals(p.get("nodeId"))) {
                    String st = String.valueOf(p.get("state"));
                    if ("up".equals(st)) {
                        return "yes";
                    }
                    state = st;
                }
            }
        }
        return state == null ? "?" : state;
    }

    @Override
    String line(ChainState s, NodeRecord n) {
        List<String> nets = new ArrayList<>();
        for (Membership m : s.membershipsOf(n.nodeId())) {
            nets.add(networkName(s, m) + "@" + Format.endpoint(m.endpoint()));
        }
        return String.format(FMT, n.idHex(), n.name(), state(n), raftRole(n), up(n), nets.isEmpty() ? "-" : String.join(" ", nets));
    }

    @Override
    Map<String, Object> json(ChainState s, NodeRecord n) {
        List<Object> nets = new ArrayList<>();
        for (Membership m : s.membershipsOf(n.nodeId())) {
            nets.add(Json.obj("network", networkName(s, m), "endpoint", Format.endpoint(m.endpoint())));
        }
        return Json.obj("id", n.idHex(), "name", n.name(), "x25519Key", HexFormat.of().formatHex(n.x25519Key()),
                "networks", nets, "state", state(n), "raft", raftRole(n), "up", up(n));
    }

    /** "enrolled" or "removed". */
    private static String state(NodeRecord n) {
        return n.removed() ? "removed" : "enrolled";
    }

    private static String networkName(ChainState s, Membership m) {
        return s.network(m.networkId()).map(r -> r.name()).orElse("?");
    }
}
