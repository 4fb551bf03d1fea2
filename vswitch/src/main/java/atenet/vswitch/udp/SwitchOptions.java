package atenet.vswitch.udp;

import atenet.vswitch.fdb.MacTable;
import atenet.vswitch.forward.StormControl;

import java.util.concurrent.TimeUnit;

/**
 * Settings of each network's switch. Defaults: 4096 ports, 8192 MAC entries aged after 300 s,
 * storm control at 1000 flooded frames/s per port with a burst of 2000.
 */
public record SwitchOptions(int portCapacity, int macCapacity, long macAgingSeconds, long stormRatePerSecond,
                            long stormBurst) {
    public static final SwitchOptions DEFAULTS = new SwitchOptions(1024, MacTable.DEFAULT_CAPACITY,
            MacTable.DEFAULT_AGING_SECONDS, StormControl.DEFAULT_RATE_PER_SECOND, StormControl.DEFAULT_BURST);

    public SwitchOptions {
        if (portCapacity < 2 || macCapacity < 16 || macAgingSeconds < 1 || stormRatePerSecond < 1 || stormBurst < 1) {
            throw new IllegalArgumentException("bad switch options: " + portCapacity + " ports, " + macCapacity
                    + " MACs, aging " + macAgingSeconds + " s, storm " + stormRatePerSecond + "/s burst " + stormBurst);
        }
    }

    public long macAgingNanos() {
        return TimeUnit.SECONDS.toNanos(macAgingSeconds);
    }
}
