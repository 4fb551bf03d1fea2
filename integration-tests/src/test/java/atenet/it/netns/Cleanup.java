package atenet.it.netns;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Safety net: everything the fixtures create is registered here and closed, newest first, by a JVM
 * shutdown hook if a test (or the JVM) dies before the fixture's own close ran. Normal runs close their
 * fixtures in finally/@AfterEach and unregister them.
 */
public final class Cleanup {
    private static final Deque<AutoCloseable> OPEN = new ArrayDeque<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Cleanup::closeAll, "atenet-it-cleanup"));
    }

    private Cleanup() {
    }

    public static synchronized void register(AutoCloseable c) {
        OPEN.push(c);
    }

    public static synchronized void unregister(AutoCloseable c) {
        OPEN.remove(c);
    }

    /** Closes everything still registered; errors are printed, never thrown. */
    public static void closeAll() {
        while (true) {
            AutoCloseable c;
            synchronized (Cleanup.class) {
                c = OPEN.poll();
            }
            if (c == null) {
                return;
            }
            try {
                c.close();
            } catch (Exception e) {
                System.err.println("cleanup of " + c + " failed: " + e);
            }
        }
    }
}
