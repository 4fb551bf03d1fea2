package atenet.tok;

import atenet.redolog.entry.AccessKeyRevoked;
import atenet.redolog.store.Chain;
import atenet.wire.crypto.KeyId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code tok keys revoke KEY_ID}. */
@Command(name = "revoke", description = "Revoke an access key (appends ACCESS_KEY_REVOKED); nodes drop its sessions.")
final class KeysRevokeCommand extends Verb {
    @Parameters(index = "0", paramLabel = "KEY_ID", description = "16 hex digits, as shown by `tok keys list`")
    String keyIdText;

    @Override
    public Integer call() {
        long keyId;
        try {
            keyId = KeyId.parse(keyIdText.strip().toLowerCase());
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        try (Chain chain = data.openChain()) {
            if (chain.state().accessKey(keyId).isEmpty()) {
                throw new TokException("unknown access key " + KeyId.hex(keyId) + " (see `tok keys list`)");
            }
            data.writer(chain).write(new AccessKeyRevoked(keyId), data.operatorKey());
            out().println("revoked access key " + KeyId.hex(keyId));
        }
        return TokMain.EXIT_OK;
    }
}
