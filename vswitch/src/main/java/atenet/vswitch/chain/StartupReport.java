package atenet.vswitch.chain;

import java.util.List;

/**
 * What the chain thread found or did when the node started.
 *
 * @param createdChain true when this start created the chain (first run)
 * @param firstToken   the token of the access key issued on first run, or null
 * @param firstKeyId   its key id (hex), or null
 * @param firstKeyExpiresAt its expiry, epoch millis (the default key lifetime), or 0 when no key was issued
 * @param networks     "name (cidr)" of every network the node serves
 */
public record StartupReport(boolean createdChain, String chainIdHex, long entries, String nodeIdHex,
                            String firstToken, String firstKeyId, long firstKeyExpiresAt, List<String> networks) {
}
