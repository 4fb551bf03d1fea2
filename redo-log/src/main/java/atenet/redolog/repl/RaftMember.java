package atenet.redolog.repl;

import atenet.wire.net.HostPort;

/**
 * One member of a chain's Raft group: the node id (16 hex digits, as the chain names the node) and the host:port
 * its Raft server listens on.
 */
public record RaftMember(String nodeId, String address) {
    public RaftMember {
        if (nodeId == null || !nodeId.matches("[0-9a-f]{16}")) {
            throw new IllegalArgumentException("a Raft member id is a node id (16 hex digits), not " + nodeId);
        }
        HostPort.parse("a Raft member address", address);                       // throws with a clear message when it is not HOST:PORT
    }
}
