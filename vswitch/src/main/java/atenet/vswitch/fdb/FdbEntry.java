package atenet.vswitch.fdb;

import atenet.wire.frame.MacAddress;

import java.util.List;

/**
 * One row of a {@link MacTable#dump}: a learned MAC, the port it was last seen on, and how many
 * whole seconds ago. COLD PATH only (status output, tests); immutable, so any thread may read
 * it once the owning thread has handed the list over.
 *
 * @param mac        48-bit MAC in the low bits (see {@link MacAddress})
 * @param port       port index
 * @param ageSeconds seconds since the MAC was last seen as a source
 */
public record FdbEntry(long mac, int port, long ageSeconds) {

    /** Header line matching {@link #toString()}, in the spirit of OVS {@code fdb/show}. */
    public static final String HEADER = " port  MAC                Age";

    /** Whole table as text: {@link #HEADER} then one line per entry. */
    public static String format(List<FdbEntry> entries) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (FdbEntry e : entries) {
            sb.append(e).append('\n');
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return String.format("%5d  %s  %d", port, MacAddress.format(mac), ageSeconds);
    }
}
