package atenet.vswitch.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

/**
 * Settings of one node, validated by {@link VSwitchMain} before anything starts.
 *
 * @param dataDir   holds the chain, the keys, the Raft log and admin.url (default ./data)
 * @param listen    UDP address the data plane binds (default 0.0.0.0:4789)
 * @param advertise UDP endpoint written to the chain and put in tokens
 * @param admin     HTTP address of /status and /metrics (default 127.0.0.1:4790)
 * @param name      node name written when the node enrols itself
 * @param adminToken null, or the token every admin request must carry ({@code Authorization: Bearer}); required
 *                   when {@code admin} is not a loopback address
 * @param raft      where the node's member of the chain's Raft group listens (default 127.0.0.1, the admin port + 1)
 */
public record NodeOptions(Path dataDir, InetSocketAddress listen, InetSocketAddress advertise, InetSocketAddress admin,
                          String name, String adminToken, InetSocketAddress raft) {
    public static final int DEFAULT_UDP_PORT = 4789;
    public static final int DEFAULT_ADMIN_PORT = 4790;

    /** With the default Raft address ({@link #defaultRaft}). */
    public NodeOptions(Path dataDir, InetSocketAddress listen, InetSocketAddress advertise, InetSocketAddress admin,
                       String name, String adminToken) {
        this(dataDir, listen, advertise, admin, name, adminToken, defaultRaft(admin));
    }

    /**
     * Loopback, port = the admin port + 1 (4791 by default), so that two nodes given two admin ports do not collide;
     * a free port when the admin port is chosen by the system (0). Loopback, because the Raft link is not yet
     * authenticated (docs/replication.md): a lone node needs no one else to reach it.
     */
    public static InetSocketAddress defaultRaft(InetSocketAddress admin) {
        int port = admin.getPort();
        if (port == 0) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException("no free loopback port for the Raft member: " + e.getMessage(), e);
            }
        } else {
            port = port < 65535 ? port + 1 : port - 1;
        }
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }
}
