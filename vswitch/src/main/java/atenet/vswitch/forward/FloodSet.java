package atenet.vswitch.forward;

import java.util.Arrays;

/**
 * A set of port indexes kept dense, so that flooding walks {@code indexes()[0 .. size())} with
 * no iterator and no allocation. Add and remove are O(1): removal moves the last member into
 * the hole, so iteration order is not insertion order.
 *
 * <p><b>Single-threaded: owned by the data-plane thread of its switch.</b> Do not add or remove
 * while a flood iterates the set (ports must not re-enter the switch from {@code transmit}).
 */
final class FloodSet {
    private static final int ABSENT = -1;

    private final int[] members;
    /** position[index] = where index sits in members, or ABSENT. */
    private final int[] position;
    private int size;

    FloodSet(int capacity) {
        this.members = new int[capacity];
        this.position = new int[capacity];
        Arrays.fill(position, ABSENT);
    }

    boolean add(int index) {
        if (position[index] != ABSENT) {
            return false;
        }
        position[index] = size;
        members[size++] = index;
        return true;
    }

    boolean remove(int index) {
        int pos = position[index];
        if (pos == ABSENT) {
            return false;
        }
        int last = members[--size];
        members[pos] = last;
        position[last] = pos;
        position[index] = ABSENT;
        return true;
    }

    boolean contains(int index) {
        return position[index] != ABSENT;
    }

    int size() {
        return size;
    }

    /** The backing array; only {@code [0, size())} is meaningful. Do not modify. */
    int[] members() {
        return members;
    }
}
