package atenet.redolog.entry;

import java.util.HexFormat;

/**
 * One decoded chain entry. {@code encoded} is the exact byte string stored, hashed and (minus the trailing
 * signature) signed; {@code hash} = SHA-256(encoded). Byte arrays are shared, not copied: do not mutate them.
 * See {@link LogEntryCodec} for the layout.
 */
public record LogEntry(long sequence, long timeMillis, byte[] prevHash, long authorKeyId, EntryBody body,
                       byte[] signature, byte[] encoded, byte[] hash) {

    public int version() {
        return LogEntryCodec.VERSION;
    }

    public EntryType type() {
        return body.type();
    }

    public String hashHex() {
        return HexFormat.of().formatHex(hash);
    }

    @Override
    public String toString() {
        return "LogEntry[" + sequence + " " + type() + " " + hashHex().substring(0, 16) + " " + body.summary() + "]";
    }
}
