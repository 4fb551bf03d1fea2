package atenet.tok;

import java.util.List;
import java.util.Map;

/**
 * The human form of a node's /status document (the JSON shape is in docs/node.md): one header line,
 * the sessions, then per network its ports and MAC table (as OVS fdb/show), then the non-zero drops.
 */
final class StatusFormat {
    private StatusFormat() {
    }

    static String format(String url, Map<?, ?> s) {
        StringBuilder b = new StringBuilder();
        Map<?, ?> node = map(s.get("node"));
        Map<?, ?> chain = map(s.get("chain"));
        b.append(String.format("node %s (%s) at %s, udp %s advertised as %s%n", str(node.get("id")), str(node.get("name")),
                url, str(node.get("listen")), str(node.get("advertised"))));
        b.append(String.format("chain %s, %s entries%s%n", abbrev(str(chain.get("id"))), str(chain.get("entries")),
                chain.get("followError") == null ? "" : " — NOT FOLLOWING: " + chain.get("followError")));
        Map<?, ?> raft = map(chain.get("raft"));
        if (!raft.isEmpty()) {
            b.append(String.format("raft: %s, applied index %s, listening on %s%n", str(raft.get("role")),
                    str(raft.get("appliedIndex")), str(raft.get("address"))));
        }
        List<?> peers = list(s.get("peers"));
        if (!peers.isEmpty()) {
            b.append(String.format("peers: %d%n", peers.size()));
            b.append(String.format("  %-16s  %-10s  %-12s  %-10s  %-22s  %5s  %8s  %s%n", "NODE", "NAME", "NETWORK", "STATE",
                    "ENDPOINT", "HEARD", "RTT", "FRAMES IN/OUT"));
            for (Object o : peers) {
                Map<?, ?> x = map(o);
                double rtt = num(x.get("rttMillis"));
                b.append(String.format("  %-16s  %-10s  %-12s  %-10s  %-22s  %4.1fs  %8s  %s/%s%n", str(x.get("nodeId")),
                        str(x.get("name")), str(x.get("network")), str(x.get("state")), str(x.get("endpoint")),
                        num(x.get("lastHeardSeconds")), rtt < 0 ? "-" : String.format("%.2fms", rtt),
                        str(x.get("framesIn")), str(x.get("framesOut"))));
            }
        }
        List<?> sessions = list(s.get("sessions"));
        b.append(String.format("sessions: %d%n", sessions.size()));
        if (!sessions.isEmpty()) {
            b.append(String.format("  %-16s  %-12s  %-9s  %4s  %-24s  %s%n", "KEY", "NETWORK", "STATE", "PORT", "ENDPOINT", "IDLE"));
            for (Object o : sessions) {
                Map<?, ?> x = map(o);
                b.append(String.format("  %-16s  %-12s  %-9s  %4s  %-24s  %.1fs%n", str(x.get("keyId")), str(x.get("network")),
                        str(x.get("state")), str(x.get("port")), str(x.get("endpoint")), num(x.get("idleSeconds"))));
            }
        }
        for (Object o : list(s.get("networks"))) {
            Map<?, ?> n = map(o);
            Map<?, ?> c = map(n.get("counters"));
            List<?> ports = list(n.get("ports"));
            List<?> macs = list(n.get("macs"));
            b.append(String.format("network %s %s mtu %s: %d ports, %d MACs, floods %s, unicasts %s, storm drops %s%n",
                    str(n.get("name")), str(n.get("subnet")), str(n.get("mtu")), ports.size(), macs.size(),
                    str(c.get("floods")), str(c.get("unicasts")), str(c.get("stormDrops"))));
            for (Object p : ports) {
                Map<?, ?> x = map(p);
                b.append(String.format("  port %-4s %-10s rx %s frames / %s B, tx %s frames / %s B  %s%n", str(x.get("index")),
                        str(x.get("kind")), str(x.get("rxFrames")), str(x.get("rxBytes")), str(x.get("txFrames")),
                        str(x.get("txBytes")), str(x.get("describe"))));
            }
            if (!macs.isEmpty()) {
                b.append(String.format("   port  MAC                Age%n"));
                for (Object m : macs) {
                    Map<?, ?> x = map(m);
                    b.append(String.format("  %5s  %s  %4s%n", str(x.get("port")), str(x.get("mac")), str(x.get("ageSeconds"))));
                }
            }
        }
        StringBuilder drops = new StringBuilder();
        for (Map.Entry<?, ?> e : map(s.get("drops")).entrySet()) {
            if (e.getValue() instanceof Number v && v.longValue() != 0) {
                drops.append(' ').append(e.getKey()).append('=').append(v);
            }
        }
        b.append("drops:").append(drops.length() == 0 ? " none" : drops).append(System.lineSeparator());
        return b.toString();
    }

    private static String abbrev(String hex) {
        return hex.length() > 16 ? hex.substring(0, 16) + "…" : hex;
    }

    private static Map<?, ?> map(Object o) {
        return o instanceof Map<?, ?> m ? m : Map.of();
    }

    private static List<?> list(Object o) {
        return o instanceof List<?> l ? l : List.of();
    }

    private static String str(Object o) {
        return o == null ? "-" : String.valueOf(o);
    }

    private static double num(Object o) {
        return o instanceof Number n ? n.doubleValue() : 0;
    }
}
