package atenet.redolog.entry;

import atenet.redolog.keys.Ed25519KeyPair;
import atenet.wire.crypto.KeyId;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The canonical binary encoding of a chain entry. This exact byte string is stored (one Chronicle document
 * per entry), hashed and signed; there is no other representation of an entry that counts.
 * <pre>
 *  0        1        2                                 10                                18
 * +--------+--------+---------------------------------+---------------------------------+
 * |version | type   | sequence (u64, genesis = 0)     | time (u64, epoch millis)        |
 * +--------+--------+---------------------------------+---------------------------------+
 *  18                                                               50
 * +-----------------------------------------------------------------+
 * | prev hash (32 B, SHA-256 of the previous entry; zeros for genesis) |
 * +-----------------------------------------------------------------+
 *  50                                 58                 62
 * +-----------------------------------+------------------+-----------------------+
 * | author key id (u64)               | body length (u32)| body (body length B)  |
 * +-----------------------------------+------------------+-----------------------+
 *  62 + body length
 * +-----------------------------------------------------------------+
 * | Ed25519 signature (64 B) over bytes [0, 62 + body length)       |
 * +-----------------------------------------------------------------+
 * </pre>
 * All integers are big-endian. version = 1. type: see {@link EntryType}. author key id =
 * {@code KeyId.of(author Ed25519 public key)}. Entry hash = SHA-256 of the whole encoding, signature included;
 * the chain id is the hash of the genesis entry. Bodies are at most {@link #MAX_BODY} bytes.
 * <p>Decoding checks structure only; the signature, links and authority are checked by the chain verifier.
 */
public final class LogEntryCodec {
    public static final int VERSION = 1;
    public static final int OFFSET_VERSION = 0;
    public static final int OFFSET_TYPE = 1;
    public static final int OFFSET_SEQUENCE = 2;
    public static final int OFFSET_TIME = 10;
    public static final int OFFSET_PREV_HASH = 18;
    public static final int OFFSET_AUTHOR = 50;
    public static final int OFFSET_BODY_LENGTH = 58;
    public static final int OFFSET_BODY = 62;
    public static final int HASH_LEN = 32;
    public static final int SIGNATURE_LEN = 64;
    /** Smallest entry: header + empty body + signature. */
    public static final int MIN_LENGTH = OFFSET_BODY + SIGNATURE_LEN;
    public static final int MAX_BODY = 65536;

    private LogEntryCodec() {
    }

    /** Encodes everything before the signature. */
    public static byte[] encodeSigned(long sequence, long timeMillis, byte[] prevHash, long authorKeyId, EntryBody body) {
        if (prevHash == null || prevHash.length != HASH_LEN) {
            throw new IllegalArgumentException("previous hash must be 32 bytes");
        }
        byte[] b = body.toBytes();
        if (b.length > MAX_BODY) {
            throw new IllegalArgumentException("entry body of " + b.length + " bytes exceeds " + MAX_BODY);
        }
        return ByteBuffer.allocate(OFFSET_BODY + b.length)
                .put((byte) VERSION)
                .put((byte) body.type().code())
                .putLong(sequence)
                .putLong(timeMillis)
                .put(prevHash)
                .putLong(authorKeyId)
                .putInt(b.length)
                .put(b)
                .array();
    }

    /** Builds and signs an entry. */
    public static LogEntry sign(long sequence, long timeMillis, byte[] prevHash, EntryBody body, Ed25519KeyPair author) {
        byte[] signed = encodeSigned(sequence, timeMillis, prevHash, author.keyId(), body);
        byte[] sig = author.sign(signed);
        byte[] all = Arrays.copyOf(signed, signed.length + SIGNATURE_LEN);
        System.arraycopy(sig, 0, all, signed.length, SIGNATURE_LEN);
        return new LogEntry(sequence, timeMillis, prevHash.clone(), author.keyId(), body, sig, all, KeyId.sha256(all));
    }

    /**
     * Decodes one stored entry.
     *
     * @throws EntryFormatException saying what is wrong ("truncated: 40 bytes, expected: 126+ bytes", ...)
     */
    public static LogEntry decode(byte[] encoded) {
        if (encoded.length < MIN_LENGTH) {
            throw new EntryFormatException("entry truncated: " + encoded.length + " bytes, expected: " + MIN_LENGTH + "+ bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(encoded);
        int version = b.get(OFFSET_VERSION) & 0xff;
        if (version != VERSION) {
            throw new EntryFormatException("entry version " + version + ", expected " + VERSION);
        }
        EntryType type = EntryType.ofCode(b.get(OFFSET_TYPE) & 0xff);
        long sequence = b.getLong(OFFSET_SEQUENCE);
        long time = b.getLong(OFFSET_TIME);
        byte[] prev = Arrays.copyOfRange(encoded, OFFSET_PREV_HASH, OFFSET_PREV_HASH + HASH_LEN);
        long author = b.getLong(OFFSET_AUTHOR);
        long bodyLen = b.getInt(OFFSET_BODY_LENGTH) & 0xffffffffL;
        if (bodyLen > MAX_BODY) {
            throw new EntryFormatException("body length " + bodyLen + " exceeds the maximum of " + MAX_BODY + " bytes");
        }
        long expected = OFFSET_BODY + bodyLen + SIGNATURE_LEN;
        if (encoded.length != expected) {
            throw new EntryFormatException("body length field says " + bodyLen + " bytes, so the entry should be "
                    + expected + " bytes, but it is " + encoded.length + " bytes");
        }
        int bl = (int) bodyLen;
        EntryBody body = EntryBody.decode(type, Arrays.copyOfRange(encoded, OFFSET_BODY, OFFSET_BODY + bl));
        byte[] sig = Arrays.copyOfRange(encoded, OFFSET_BODY + bl, encoded.length);
        return new LogEntry(sequence, time, prev, author, body, sig, encoded, KeyId.sha256(encoded));
    }

    /** The signed part's length of an encoded entry (everything before the signature). */
    public static int signedLength(LogEntry e) {
        return e.encoded().length - SIGNATURE_LEN;
    }
}
