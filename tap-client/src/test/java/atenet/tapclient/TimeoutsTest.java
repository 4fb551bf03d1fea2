package atenet.tapclient;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Unit layer: the rekey interval's environment override takes 1..120 s and nothing else. */
class TimeoutsTest {
    @Test
    void rekeyIntervalOverride() {
        assertEquals(120, Timeouts.rekeySeconds(null));
        assertEquals(2, Timeouts.rekeySeconds("2"));
        assertEquals(120, Timeouts.rekeySeconds(" 120 "));
        assertEquals(120, Timeouts.rekeySeconds("0"), "0 would rekey constantly");
        assertEquals(120, Timeouts.rekeySeconds("500"), "never longer than 120 s");
        assertEquals(120, Timeouts.rekeySeconds("soon"));
    }
}
