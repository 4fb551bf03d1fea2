package atenet.redolog.entry;

/** The type byte of a chain entry. Codes are part of the signed format: never renumber. */
public enum EntryType {
    GENESIS(1),
    NETWORK_CREATED(2),
    NODE_ENROLLED(3),
    NODE_JOINED(4),
    NODE_LEFT(5),
    ACCESS_KEY_ISSUED(6),
    ACCESS_KEY_REVOKED(7),
    NODE_REMOVED(8),
    NODE_ADMITTED(9);

    private final int code;

    EntryType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** @throws EntryFormatException for a code no type has */
    public static EntryType ofCode(int code) {
        for (EntryType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new EntryFormatException("unknown entry type " + code);
    }
}
