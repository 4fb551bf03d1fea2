package atenet.vswitch.node;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;

/** Parses "HOST:PORT" / "[V6]:PORT" arguments with messages fit for a user, and picks an address to advertise. */
public final class HostPort {
    private HostPort() {
    }

    public static InetSocketAddress parse(String option, String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(option + " needs HOST:PORT");
        }
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException(option + " needs HOST:PORT, got '" + text + "'");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": '" + text.substring(colon + 1) + "' is not a port number");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(option + ": port " + port + " is outside 0..65535");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(option + ": cannot resolve host '" + host + "'");
        }
    }

    public static String format(InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
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
