package atenet.redolog.entry;

import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/** Field checks shared by the body records. */
final class Checks {
    private Checks() {
    }

    static void key(byte[] key, String what) {
        if (key == null || key.length != 32) {
            throw new IllegalArgumentException(what + " must be 32 bytes, got " + (key == null ? "none" : key.length));
        }
    }

    static void networkId(byte[] id) {
        if (id == null || id.length != NetworkId.LENGTH) {
            throw new IllegalArgumentException("network id must be 16 bytes, got " + (id == null ? "none" : id.length));
        }
    }

    static void text(String s, String what, int maxBytes) {
        if (s == null || s.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        int n = s.getBytes(StandardCharsets.UTF_8).length;
        if (n > maxBytes) {
            throw new IllegalArgumentException(what + " is " + n + " bytes long, at most " + maxBytes + " allowed");
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.isISOControl(s.charAt(i))) {
                throw new IllegalArgumentException(what + " must not contain control characters");
            }
        }
    }

    /** Runs a record constructor for a decoder; turns its IllegalArgumentException into an EntryFormatException. */
    static <T> T build(BodyReader in, Supplier<T> ctor) {
        try {
            return ctor.get();
        } catch (EntryFormatException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw in.fail(e.getMessage());
        }
    }
}
