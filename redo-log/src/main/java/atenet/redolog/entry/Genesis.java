package atenet.redolog.entry;

import atenet.wire.crypto.KeyId;

/**
 * GENESIS: the first entry (sequence 0). Names the operator's Ed25519 public key; the chain id is the hash of this entry.
 * <pre>
 * operator Ed25519 public key (32 B) | chain name (u16 length + UTF-8, 1..64 bytes)
 * </pre>
 */
public record Genesis(byte[] operatorKey, String chainName) implements EntryBody {
    public static final int KEY_LEN = 32;
    public static final int MAX_NAME = 64;

    public Genesis {
        Checks.key(operatorKey, "operator key");
        Checks.text(chainName, "chain name", MAX_NAME);
    }

    public long operatorKeyId() {
        return KeyId.of(operatorKey);
    }

    @Override
    public EntryType type() {
        return EntryType.GENESIS;
    }

    @Override
    public void encode(BodyWriter out) {
        out.bytes(operatorKey).string(chainName);
    }

    public static Genesis decode(BodyReader in) {
        byte[] key = in.bytes(KEY_LEN, "operator key");
        String name = in.string("chain name", MAX_NAME);
        return Checks.build(in, () -> new Genesis(key, name));
    }

    @Override
    public String summary() {
        return "chain '" + chainName + "', operator key " + KeyId.hex(operatorKeyId());
    }
}
