package atenet.redolog.ops;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses short durations: a positive integer and one unit of d, h, m or s ("30d", "12h", "90m", "3600s"). */
public final class Durations {
    /** Lifetime of an access key unless told otherwise: `tok keys issue --expires` and the node's first key. */
    public static final String DEFAULT_KEY_LIFETIME = "30d";
    private static final Pattern P = Pattern.compile("(\\d{1,9})([dhms])");

    private Durations() {
    }

    /** @throws IllegalArgumentException with a one-line message for anything else (including 0) */
    public static Duration parse(String text) {
        Matcher m = text == null ? null : P.matcher(text.strip());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("bad duration '" + text + "': use a number and a unit d, h, m or s, like 30d, 12h, 90m, 3600s");
        }
        long n = Long.parseLong(m.group(1));
        if (n == 0) {
            throw new IllegalArgumentException("bad duration '" + text + "': must be more than zero");
        }
        return switch (m.group(2)) {
            case "d" -> Duration.ofDays(n);
            case "h" -> Duration.ofHours(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofSeconds(n);
        };
    }
}
