package atenet.vswitch.peer;

import atenet.vswitch.util.LongObjectMap;

import java.security.SecureRandom;

/**
 * The receiver indexes this node chose for its peer links: sessions by their index (what a peer's TRANSPORT names)
 * and links with a PEER_INIT in flight by its sender index (what a RESPONSE or COOKIE names). Every such index has
 * {@link PeerLinks#PEER_INDEX_BIT} set; client indexes never do (decision 49). Index 0 is never chosen.
 *
 * <p>Owned by the data-plane thread.
 */
final class PeerIndexes {
    private static final long MASK = 0xffffffffL;
    private final LongObjectMap<PeerSession> sessions = new LongObjectMap<>(64);
    private final LongObjectMap<PeerLink> dialling = new LongObjectMap<>(16);
    private final SecureRandom random;

    PeerIndexes(SecureRandom random) {
        this.random = random;
    }

    /** A new index, top bit set, used by no session and no PEER_INIT in flight. */
    int newIndex() {
        int i;
        do {
            i = random.nextInt() | PeerLinks.PEER_INDEX_BIT;
        } while (sessions.get(i & MASK) != null || dialling.get(i & MASK) != null);
        return i;
    }

    /** HOT PATH: the session a TRANSPORT's receiver index names, or null. */
    PeerSession session(int index) {
        return sessions.get(index & MASK);
    }

    void add(PeerSession s) {
        sessions.put(s.localIndex & MASK, s);
    }

    /** Forgets the session and zeroes its keys. */
    void drop(PeerSession s) {
        sessions.remove(s.localIndex & MASK);
        s.destroy();
    }

    /** Drops every session of {@code l} (previous, current, next). */
    void dropAll(PeerLink l) {
        for (PeerSession s : new PeerSession[]{l.current, l.previous, l.next}) {
            if (s != null) {
                drop(s);
            }
        }
        l.current = l.previous = l.next = null;
    }

    void dialling(int senderIndex, PeerLink l) {
        dialling.put(senderIndex & MASK, l);
    }

    /** The link whose PEER_INIT in flight has sender index {@code index}, or null. */
    PeerLink dialler(int index) {
        if (!PeerLinks.isPeerIndex(index)) {
            return null;
        }
        PeerLink l = dialling.get(index & MASK);
        return l != null && l.pending != null ? l : null;
    }

    /** Forgets {@code l}'s PEER_INIT in flight, if any (answered, replaced, or the link ended). */
    void abandon(PeerLink l) {
        if (l.pending != null) {
            dialling.remove(l.pending.senderIndex() & MASK);
            l.pending.abandon();
            l.pending = null;
        }
    }
}
