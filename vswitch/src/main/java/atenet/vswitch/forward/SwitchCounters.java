package atenet.vswitch.forward;

import atenet.wire.port.PortKind;

import java.util.List;

/**
 * A snapshot of one {@link SwitchCore}'s counters, taken on the switch's own thread by
 * {@link SwitchCore#counters()}. COLD PATH (status, metrics, tests). Immutable: once taken it
 * may be handed to any thread.
 *
 * @param malformed    frames shorter than an Ethernet header (14 bytes), dropped
 * @param hairpin      known unicast whose destination sits behind the ingress port, dropped
 * @param splitHorizon known unicast from a peer node to a MAC behind another peer node, dropped
 * @param stormDrops   floods refused by storm control (sum over ports)
 * @param noIngress    frames handed in for a port index with no port, dropped
 * @param macSpoof     frames from a client port with a bound MAC and another source MAC, dropped
 * @param raGuard      IPv6 Router Advertisements from client ports, dropped
 * @param dhcpSnoop    DHCP (UDP 67→68) and DHCPv6 (from UDP 547) server messages from client ports, dropped
 * @param floods       frames flooded (broadcast, multicast, unknown unicast)
 * @param unicasts     frames sent to exactly one known port
 * @param ports        one row per port present, by index
 */
public record SwitchCounters(long malformed, long hairpin, long splitHorizon, long stormDrops,
                             long noIngress, long macSpoof, long raGuard, long dhcpSnoop, long floods, long unicasts, List<PortCounters> ports) {

    public SwitchCounters {
        ports = List.copyOf(ports);
    }

    /**
     * @param floodDrops frames from this port that storm control refused to flood
     * @param txErrors   {@code transmit} calls on this port that threw (the frame is lost for
     *                   this port only)
     */
    public record PortCounters(int index, PortKind kind, String description,
                               long rxFrames, long rxBytes, long txFrames, long txBytes,
                               long floodDrops, long txErrors) {
    }

    /** Human-readable, one line for the switch then one line per port. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("floods %d unicasts %d | drops: malformed %d hairpin %d split-horizon %d storm %d no-ingress %d"
                        + " mac-spoof %d ra-guard %d dhcp-snoop %d%n",
                floods, unicasts, malformed, hairpin, splitHorizon, stormDrops, noIngress, macSpoof, raGuard, dhcpSnoop));
        for (PortCounters p : ports) {
            sb.append(String.format("%5d %-10s rx %d/%dB tx %d/%dB flood-drops %d tx-errors %d  %s%n",
                    p.index(), p.kind(), p.rxFrames(), p.rxBytes(), p.txFrames(), p.txBytes(),
                    p.floodDrops(), p.txErrors(), p.description()));
        }
        return sb.toString();
    }
}
