package atenet.vswitch.util;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** Layer: unit. The session map against a HashMap model, including deletions inside probe runs. */
class LongObjectMapTest {
    @Test
    void behavesLikeAHashMapUnderRandomOperations() {
        Random r = new Random(42);
        LongObjectMap<String> map = new LongObjectMap<>(4);
        Map<Long, String> model = new HashMap<>();
        for (int i = 0; i < 200_000; i++) {
            // a small key space forces collisions, long probe runs and backward shifts
            long key = 1 + r.nextInt(3000) * 0x1_0000_0000L;
            switch (r.nextInt(3)) {
                case 0 -> {
                    String v = "v" + i;
                    map.put(key, v);
                    model.put(key, v);
                }
                case 1 -> assertEquals(model.remove(key), map.remove(key));
                default -> assertEquals(model.get(key), map.get(key));
            }
            assertEquals(model.size(), map.size());
        }
        for (Map.Entry<Long, String> e : model.entrySet()) {
            assertEquals(e.getValue(), map.get(e.getKey()));
        }
        List<String> seen = new ArrayList<>();
        map.forEachValue(seen::add);
        assertEquals(model.size(), seen.size());
    }

    @Test
    void zeroIsReserved() {
        LongObjectMap<String> map = new LongObjectMap<>(4);
        assertThrows(IllegalArgumentException.class, () -> map.put(0, "x"));
        assertNull(map.get(0));
        assertNull(map.remove(0));
    }

    @Test
    void negativeKeysAndGrowth() {
        LongObjectMap<Long> map = new LongObjectMap<>(2);
        for (long k = -5000; k < 5000; k++) {
            if (k != 0) {
                map.put(k, k);
            }
        }
        assertEquals(9999, map.size());
        for (long k = -5000; k < 5000; k++) {
            assertEquals(k == 0 ? null : k, map.get(k));
        }
        map.clear();
        assertEquals(0, map.size());
        assertNull(map.get(17));
    }
}
