package atenet.tok;

import atenet.redolog.entry.NodeRemoved;
import atenet.redolog.state.NodeRecord;
import atenet.redolog.store.Chain;
import atenet.wire.crypto.KeyId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;

/** {@code tok nodes remove NODE}: appends NODE_REMOVED (operator); NODE is a node id (16 hex digits) or a node name. */
@Command(name = "remove", description = "Remove a node for good (appends NODE_REMOVED): it stops serving, and its key can never be enrolled again.")
final class NodesRemoveCommand extends Verb {
    @Parameters(index = "0", paramLabel = "NODE", description = "node id (16 hex digits) or node name, as shown by `tok nodes list`")
    String node;

    @Override
    public Integer call() {
        try (Chain chain = data.openChain()) {
            NodeRecord n = find(chain.state().nodes(), node.strip());
            if (n.removed()) {
                throw new TokException("node " + n.idHex() + " (" + n.name() + ") is already removed");
            }
            data.writer(chain).write(new NodeRemoved(n.nodeId()), data.operatorKey());
            out().println("removed node " + n.idHex() + " (" + n.name() + "): it stops serving within a second;"
                    + " its key can never be enrolled again");
        }
        return TokMain.EXIT_OK;
    }

    /** By id first, then by name; a name several nodes share must be given as an id. */
    static NodeRecord find(List<NodeRecord> nodes, String text) {
        Long id = parseId(text);
        for (NodeRecord n : nodes) {
            if (id != null && n.nodeId() == id) {
                return n;
            }
        }
        List<NodeRecord> named = nodes.stream().filter(n -> n.name().equals(text)).toList();
        if (named.size() > 1) {
            throw new TokException(named.size() + " nodes are named '" + text + "': give the node id (see `tok nodes list`)");
        }
        if (named.isEmpty()) {
            throw new TokException("unknown node '" + text + "': no node has this id or name (see `tok nodes list`)");
        }
        return named.get(0);
    }

    private static Long parseId(String text) {
        try {
            return KeyId.parse(text.toLowerCase());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
