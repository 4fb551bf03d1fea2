package atenet.vswitch.node;

import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * Settings of one node, validated by {@link VSwitchMain} before anything starts.
 *
 * @param dataDir   holds the chain, the keys and admin.url (default ./data)
 * @param listen    UDP address the data plane binds (default 0.0.0.0:4789)
 * @param advertise UDP endpoint written to the chain and put in tokens
 * @param admin     HTTP address of /status and /metrics (default 127.0.0.1:4790)
 * @param name      node name written when the node enrols itself
 * @param adminToken null, or the token every admin request must carry ({@code Authorization: Bearer}); required
 *                   when {@code admin} is not a loopback address
 */
public record NodeOptions(Path dataDir, InetSocketAddress listen, InetSocketAddress advertise, InetSocketAddress admin,
                          String name, String adminToken) {
    public static final int DEFAULT_UDP_PORT = 4789;
    public static final int DEFAULT_ADMIN_PORT = 4790;
}
