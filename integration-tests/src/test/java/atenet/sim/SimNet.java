package atenet.sim;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * The simulated underlay: a set of UDP endpoints that hand datagrams to each other in memory, in order, without
 * loss unless a test asks for it ({@link #setFilter}). Everything runs on the test's thread.
 */
public final class SimNet {
    /** One datagram in flight. */
    public record Datagram(InetSocketAddress from, InetSocketAddress to, byte[] data) {
    }

    private final Map<InetSocketAddress, ArrayDeque<Datagram>> inboxes = new HashMap<>();
    private final List<Datagram> seen = new ArrayList<>();
    private BiPredicate<InetSocketAddress, InetSocketAddress> filter = (a, b) -> true;
    private boolean recording;
    private long lost;

    ArrayDeque<Datagram> register(InetSocketAddress address) {
        ArrayDeque<Datagram> q = new ArrayDeque<>();
        inboxes.put(address, q);
        return q;
    }

    void unregister(InetSocketAddress address) {
        inboxes.remove(address);
    }

    void send(InetSocketAddress from, InetSocketAddress to, byte[] buf, int off, int len) {
        Datagram d = new Datagram(from, to, Arrays.copyOfRange(buf, off, off + len));
        if (recording) {
            seen.add(d);
        }
        ArrayDeque<Datagram> q = inboxes.get(to);
        if (q == null || !filter.test(from, to)) {
            lost++;
            return;
        }
        q.add(d);
    }

    /** Delivers {@code d} again, as an attacker on the path would. */
    public void inject(Datagram d) {
        ArrayDeque<Datagram> q = inboxes.get(d.to());
        if (q != null) {
            q.add(d);
        }
    }

    /** Only datagrams for which {@code filter(from, to)} holds are delivered (partitions, loss). */
    public void setFilter(BiPredicate<InetSocketAddress, InetSocketAddress> filter) {
        this.filter = filter;
    }

    /** Keeps a copy of every datagram sent from now on ({@link #seen()}). */
    public void record(boolean on) {
        recording = on;
    }

    public List<Datagram> seen() {
        return List.copyOf(seen);
    }

    /** Forgets what {@link #seen()} returned so far. */
    public void clearSeen() {
        seen.clear();
    }

    public long lost() {
        return lost;
    }
}
