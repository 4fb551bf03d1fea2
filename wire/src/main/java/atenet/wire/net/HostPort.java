package atenet.wire.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * An endpoint given as text on a command line: {@code host:port}, {@code a.b.c.d:port} or {@code [v6]:port}.
 * The host stays a name until {@link #resolve()} (so a client can ask DNS again on every reconnect).
 * Shared by the node's and the client's options.
 */
public record HostPort(String host, int port) {

    /**
     * @param option the option the text came from, named in the error ("--server")
     * @throws IllegalArgumentException with a one-line message for the user
     */
    public static HostPort parse(String option, String text) {
        String bad = option + " expects HOST:PORT (or [IPv6]:PORT), got '" + text + "'";
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(bad);
        }
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 2 || close + 1 >= text.length() || text.charAt(close + 1) != ':') {
                throw new IllegalArgumentException(bad);
            }
            host = text.substring(1, close);
            port = text.substring(close + 2);
        } else {
            int colon = text.lastIndexOf(':');
            if (colon <= 0 || text.indexOf(':') != colon) {
                throw new IllegalArgumentException(bad);
            }
            host = text.substring(0, colon);
            port = text.substring(colon + 1);
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(bad);
        }
        if (p < 1 || p > 65535) {
            throw new IllegalArgumentException(option + " port must be 1-65535, got " + port);
        }
        return new HostPort(host, p);
    }

    /** "a.b.c.d:port" or "[v6]:port", as a user would type it. */
    public static String format(InetSocketAddress a) {
        return of(a).toString();
    }

    public static HostPort of(InetSocketAddress a) {
        return new HostPort(a.getAddress().getHostAddress(), a.getPort());
    }

    /** Whether the host is a loopback address as written (127.0.0.0/8, ::1, localhost); asks no DNS. */
    public boolean isLoopback() {
        return host.startsWith("127.") || host.equals("::1") || host.equals("0:0:0:0:0:0:0:1") || host.equals("localhost");
    }

    /** Resolves the host now (DNS is asked again on every call). */
    public InetSocketAddress resolve() throws UnknownHostException {
        return new InetSocketAddress(InetAddress.getByName(host), port);
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
