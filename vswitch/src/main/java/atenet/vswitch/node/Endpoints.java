package atenet.vswitch.node;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;

import atenet.wire.net.HostPort;

/** The node's endpoint options: parsed with the shared {@link HostPort}, resolved at once; and the address to advertise. */
public final class Endpoints {
    private Endpoints() {
    }

    /** Parses and resolves an option value; IllegalArgumentException with a message naming the option. */
    public static InetSocketAddress parse(String option, String text) {
        HostPort hp = HostPort.parse(option, text);
        try {
            return hp.resolve();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(option + ": cannot resolve host '" + hp.host() + "'");
        }
    }

    /**
     * The endpoint to write to the chain when none is given: the listen address if it is a
     * specific one, else the first IPv4 address of an interface that is up and not loopback,
     * else loopback.
     */
    public static InetSocketAddress advertisable(InetSocketAddress listen, int actualPort) {
        if (!listen.getAddress().isAnyLocalAddress()) {
            return new InetSocketAddress(listen.getAddress(), actualPort);
        }
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp() || nif.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    if (a instanceof Inet4Address && !a.isLinkLocalAddress()) {
                        return new InetSocketAddress(a, actualPort);
                    }
                }
            }
        } catch (SocketException e) {
            // fall through to loopback
        }
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), actualPort);
    }
}
