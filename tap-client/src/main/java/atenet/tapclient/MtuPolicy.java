package atenet.tapclient;

import atenet.wire.overlay.OverlayHeader;

/**
 * The TAP interface's MTU. A sealed frame must never exceed the underlay's 1500 B:
 * <pre>
 *   1500 - 28 (IPv4 + UDP) - 30 (overlay: 13 header + 1 type + 16 tag) - 14 (Ethernet header) = 1428
 *   1500 - 48 (IPv6 + UDP) - 30                                         - 14                  = 1408
 * </pre>
 * Default: the smaller of that and the MTU the node advises in its handshake RESPONSE. {@code --mtu} overrides it (a warning when it
 * is above the computed maximum: the underlay may then fragment or drop).
 */
public final class MtuPolicy {
    public static final int UNDERLAY_MTU = 1500;
    /** Smallest IPv4 MTU (RFC 791). */
    public static final int MIN_MTU = 68;
    /** Largest MTU whose frame still fits {@link OverlayHeader#MAX_PACKET_LEN}. */
    public static final int MAX_MTU = OverlayHeader.MAX_PAYLOAD_LEN - OverlayHeader.ETHERNET_HEADER;

    private MtuPolicy() {
    }

    public static int maxFor(boolean ipv6Underlay) {
        return OverlayHeader.maxTapMtu(UNDERLAY_MTU, ipv6Underlay);
    }

    /**
     * @param override     --mtu, or 0
     * @param advised      the node's advice from the handshake RESPONSE, or 0 when not known yet
     */
    public static int effective(int override, boolean ipv6Underlay, int advised) {
        if (override > 0) {
            return override;
        }
        int max = maxFor(ipv6Underlay);
        return advised >= MIN_MTU ? Math.min(max, advised) : max;
    }

    /** Checks --mtu; returns a warning to print, or null. @throws IllegalArgumentException when out of range */
    public static String checkOverride(int mtu, boolean ipv6Underlay) {
        if (mtu < MIN_MTU || mtu > MAX_MTU) {
            throw new IllegalArgumentException("--mtu must be " + MIN_MTU + "-" + MAX_MTU + ", got " + mtu);
        }
        int max = maxFor(ipv6Underlay);
        if (mtu > max) {
            return "tap-client: warning: --mtu " + mtu + " is above " + max + " (1500 minus "
                    + (ipv6Underlay ? "IPv6" : "IPv4") + "/UDP, overlay and Ethernet headers): large packets may be fragmented or dropped";
        }
        return null;
    }
}
